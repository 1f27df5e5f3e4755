"""The checker's HTML: the form, its results region and the explain form.

Rendered at build time from the validator's catalog, so the permission and scope labels
are the validator's own and exist in one place only. The JavaScript finds everything
through ``data-*`` attributes and never builds the form itself; no data travels in
inline ``<script>`` islands (Material re-runs inline scripts without their attributes
on instant navigation).

Pages place the widget with marker comments in their Markdown::

    <!-- checker:widget -->     the key form, its results and "Copy summary" / "Clear"
    <!-- checker:explain -->    the "What did the error say?" form

Each checks for the exchange of the page (its folder, ``htx/check/`` is HTX), or the
one the marker names: ``<!-- checker:widget exchange=okx -->``. Every name, label and
field comes from that exchange's catalog (``keycheck.catalog(exchange)``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

# The markers, with an optional argument (``exchange=okx``) before the closing ``-->``.
WIDGET_MARKER = re.compile(r"<!--\s*checker:widget\b([^>]*?)-->")
EXPLAIN_MARKER = re.compile(r"<!--\s*checker:explain\b([^>]*?)-->")


@dataclass(frozen=True)
class WidgetData:
    """What the widget's root element tells the script (all paths relative to the page)."""

    exchange: str
    exchange_name: str
    runtime_url: str
    lock_url: str
    package: str
    import_name: str
    site_root: str
    download_bytes: int
    boot_timeout_ms: int
    errors_page: str
    wheel_sha256: str = ""
    # The memory snapshot (empty when the site ships none): URL, SHA-256 of the file
    # and of its decompressed bytes, and what the worker downloads when it uses it.
    snapshot_url: str = ""
    snapshot_sha256: str = ""
    snapshot_raw_sha256: str = ""
    snapshot_download_bytes: int = 0
    # The cut-down standard library (empty: Pyodide's full one), and each fetched
    # file's size decoded and on the wire, as JSON: {name: [bytes, wire bytes]}.
    stdlib_url: str = ""
    transfer_json: str = ""


def _attrs(**values: object) -> str:
    return " ".join(f'{name.replace("_", "-")}="{escape(str(v))}"' for name, v in values.items())


def _label_of(entry: object) -> tuple[str, str]:
    """``(name, label)`` of a catalog scope or permission (a dict or a bare name)."""
    if isinstance(entry, dict):
        name = str(entry["name"])
        return name, str(entry.get("label") or name.replace("_", " ").capitalize())
    return str(entry), str(entry).replace("_", " ").capitalize()


# Secret fields are plain text inputs, never ``type="password"``: a password field (and
# ``autocomplete="new-password"``) tells a browser's password manager that a login or a
# sign-up form is in front of it, so it may offer a generated "password" for the Secret
# Key and offer to save what was typed, and sync it, once the page navigates. The
# characters are masked by the stylesheet instead (``-webkit-text-security: disc``,
# supported by Chromium, Safari and Firefox ≥ 114) until "Show" is pressed. A browser
# without that property shows the characters and a visible warning above the fields
# says so (checker.css); no font or script trick is used to imitate the mask. The
# attributes below ask browsers and the common password-manager extensions (1Password,
# LastPass, Bitwarden, Dashlane) to leave the fields alone, and keep spell checkers
# (which may send text to a server) and autocorrection off.
_SECRET_INPUT = (
    'type="text" autocomplete="off" spellcheck="false" autocapitalize="off" '
    'autocorrect="off" data-lpignore="true" data-1p-ignore="true" data-bwignore="true" '
    'data-form-type="other"'
)


# The word the show/hide button uses for each field (others: the label in lower case).
_TOGGLE_WORD = {"api_key": "key", "secret_key": "secret", "passphrase": "passphrase"}


@dataclass(frozen=True)
class SecretField:
    """One masked field of the key form, from an entry of the catalog's ``fields``: the
    API key and the secret, and a passphrase for an exchange that has one."""

    name: str  # the input's name, as the script sends it to the validator
    label: str
    hint: str
    toggle: str  # what "Show …" / "Hide …" name

    @classmethod
    def from_catalog(cls, entry: dict) -> SecretField:
        name, label = str(entry["name"]), str(entry["label"])
        toggle = _TOGGLE_WORD.get(name, label.lower())
        return cls(name, label, str(entry.get("hint", "")), toggle)


def _secret_field(secret: SecretField) -> str:
    ident = f"checker-{secret.name.replace('_', '-')}"
    toggle = escape(secret.toggle)
    return f"""
<div class="checker__field" data-field="{escape(secret.name)}">
  <label class="checker__label" for="{ident}">{escape(secret.label)}</label>
  <div class="checker__secret">
    <input class="checker__input checker__input--secret" id="{ident}"
      name="{escape(secret.name)}" data-credential data-secret {_SECRET_INPUT}
      aria-describedby="{ident}-hint">
    <button class="checker__toggle md-button" type="button" aria-controls="{ident}"
      aria-pressed="false" data-toggle-visibility data-show="Show {toggle}"
      data-hide="Hide {toggle}">Show {toggle}</button>
  </div>
  <p class="checker__hint" id="{ident}-hint">{escape(secret.hint)}</p>
</div>"""


def render_widget(catalog: dict, data: WidgetData) -> str:
    """The key form with its results region (hidden by CSS when scripting is off)."""
    scopes = [_label_of(s) for s in catalog.get("scopes", [])]
    permissions = [_label_of(p) for p in catalog.get("permissions", [])]
    scope_inputs = "\n".join(
        f'<label class="checker__choice"><input type="radio" name="scope" value="{escape(n)}"> '
        f"{escape(label)}</label>"
        for n, label in scopes
    )
    permission_inputs = "\n".join(
        f'<label class="checker__choice"><input type="checkbox" name="permission" '
        f'value="{escape(n)}"> {escape(label)}</label>'
        for n, label in permissions
    )
    root = _attrs(
        data_exchange=data.exchange,
        data_exchange_name=data.exchange_name,
        data_runtime=data.runtime_url,
        data_lock=data.lock_url,
        data_package=data.package,
        data_import=data.import_name,
        data_site_root=data.site_root,
        data_download_bytes=data.download_bytes,
        data_boot_timeout=data.boot_timeout_ms,
        data_errors_page=data.errors_page,
        data_transfer=data.transfer_json or "{}",
    )
    if data.stdlib_url:
        root += " " + _attrs(data_stdlib=data.stdlib_url)
    if data.snapshot_url:
        root += " " + _attrs(
            data_wheel_sha256=data.wheel_sha256,
            data_snapshot=data.snapshot_url,
            data_snapshot_sha256=data.snapshot_sha256,
            data_snapshot_raw_sha256=data.snapshot_raw_sha256,
            data_snapshot_download_bytes=data.snapshot_download_bytes,
        )
    name = escape(str(catalog["name"]))
    fields = "\n".join(_secret_field(SecretField.from_catalog(f)) for f in catalog["fields"])
    # The form holds no password field and asks for no autocompletion, so no password
    # manager takes it for a login; it never submits (the script handles every event).
    return f"""
<div class="checker" data-checker data-state="idle" {root}>
<form class="checker__form" data-checker-form novalidate autocomplete="off"
  data-lpignore="true" data-1p-ignore="true" data-bwignore="true" data-form-type="other"
  aria-label="Check your API key">
<p class="checker__unmasked" data-checker-unmasked>This browser cannot hide the characters of
  the fields below: check that nobody can see your screen before you paste a key.</p>
{fields}
<fieldset class="checker__group" data-field="scope">
  <legend>What will the platform trade?</legend>
  <div class="checker__choices">{scope_inputs}</div>
</fieldset>
<fieldset class="checker__group" data-field="permissions">
  <legend>Permissions you ticked on {name}</legend>
  <div class="checker__choices">{permission_inputs}</div>
</fieldset>
<div class="checker__field checker__group" data-field="ip_restriction">
  <label class="checker__switch">
    <input type="checkbox" role="switch" name="ip_enabled" data-ip-switch>
    <span>IP restriction enabled</span>
  </label>
  <label class="checker__label" for="checker-ips">IP addresses</label>
  <textarea class="checker__input" id="checker-ips" name="ips" rows="3"
    spellcheck="false" autocapitalize="off" autocorrect="off" autocomplete="off"
    aria-describedby="checker-ips-hint"></textarea>
  <p class="checker__hint" id="checker-ips-hint">One per line or comma-separated, as
    entered on {name}. Counted only while the switch is on.</p>
</div>
</form>
<div class="checker__status">
  <p class="checker__progress-text" data-checker-progress-text>The checker starts when you
    reach it.</p>
  <progress class="checker__progress" data-checker-progress max="100" value="0"
    aria-label="Loading checker" hidden></progress>
  <button class="md-button" type="button" data-checker-retry hidden>Try again</button>
</div>
<section class="checker__results" aria-label="Findings">
  <div role="status" aria-live="polite" data-checker-results>
    <p class="checker__placeholder">Findings appear here as you type.</p>
  </div>
</section>
<div class="checker__actions">
  <button class="md-button md-button--primary" type="button" data-checker-copy
    disabled>Copy summary for support</button>
  <button class="md-button" type="button" data-checker-clear>Clear</button>
  <span class="checker__copied" aria-live="polite" data-checker-copied></span>
</div>
<details class="checker__summary">
  <summary>What “Copy summary” copies</summary>
  <pre data-checker-summary>Nothing yet.</pre>
</details>
</div>
"""


def render_explain(catalog: dict) -> str:
    """The "What did the error say?" form; its answers come from ``keycheck.explain``."""
    name = escape(str(catalog["name"]))
    examples = [m for entry in catalog.get("explain_messages", []) for m in entry["messages"]]
    example = f" for example <code>{escape(examples[0])}</code>," if examples else ""
    return f"""
<div class="checker-explain" data-checker-explain data-exchange="{escape(catalog["exchange"])}">
<form class="checker__form" data-checker-explain-form novalidate
  aria-label="Explain an error message">
  <div class="checker__field">
    <label class="checker__label" for="checker-explain-text">What did the error say?</label>
    <textarea class="checker__input" id="checker-explain-text" name="message" rows="3"
      spellcheck="false" autocapitalize="off" autocorrect="off" autocomplete="off"
      aria-describedby="checker-explain-hint"></textarea>
    <p class="checker__hint" id="checker-explain-hint">Paste the message your platform or
      {name} showed,{example} or its error code. Leave keys out.</p>
  </div>
  <button class="md-button md-button--primary" type="submit">Explain</button>
</form>
<div role="status" aria-live="polite" class="checker__results" data-checker-explain-results>
</div>
</div>
"""
