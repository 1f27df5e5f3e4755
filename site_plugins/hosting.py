"""The response headers every page of the site is served with, besides its CSP.

One list for every place the site is served: the checker plugin writes them into
``_headers`` for each build, the versioned build applies them to every version (also to
versions built from older commits) and to the site root, and the test server and the
nginx snippet are generated from ``_headers``.
"""

from __future__ import annotations

# Only the clipboard write of "Copy summary" / "Copy link" is allowed; every other
# powerful feature is off for the site and anything it could embed. Reading the
# clipboard is denied by name: a reader may have a secret on it, and nothing on the site
# needs to read it (pasting into a field is the browser's own, not the page's). Every
# name here is one Chromium knows (an unknown one is logged as a console error).
_DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "clipboard-read",
    "display-capture",
    "encrypted-media",
    "fullscreen",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

HOSTING_HEADERS: dict[str, str] = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": ", ".join(
        ["clipboard-write=(self)"] + [f"{feature}=()" for feature in _DENIED_FEATURES]
    ),
}
