"""Read an HTTP answer without ever holding more than a set number of bytes.

Every exchange adapter's client reads the exchange's answers through this one reader: a
misconfigured ``--base-url`` or a proxy may send anything, and a signed request's answer
is never read past the limit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import httpx


def get(
    http: httpx.Client,
    url: str,
    limit: int,
    too_large: Callable[[int], Exception],
    headers: Mapping[str, str] | None = None,
) -> tuple[int, httpx.Headers, bytes]:
    """Send one GET; raise ``too_large(size)`` as soon as the answer passes ``limit``."""
    with http.stream("GET", url, headers=headers) as response:
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(int(declared))
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise too_large(size)
            chunks.append(chunk)
        return response.status_code, response.headers, b"".join(chunks)
