"""ASGI guards the whole app sits behind: a cap on request bodies and the security headers.

``BodyLimit`` refuses a body over its cap, whether declared up front
(Content-Length) or only found out while it streams in, so a huge upload
is stopped before it fills the disk. ``SecurityHeaders`` gives every
response ``nosniff``, ``no-referrer``, a frame policy and, unless the route
set its own, the page Content-Security-Policy: scripts and styles from this
server only, nothing inline, no plug-ins. The report and the diff carry
``SANDBOX_CSP`` instead: their inline script runs in a sandbox with an
opaque origin, so even text that escaped every escape could not reach the
page around it, the store, or the network.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from starlette.exceptions import HTTPException

PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
)
SANDBOX_CSP = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'self'; sandbox allow-scripts"
)

Scope = dict[str, Any]


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413 (one line), before or while they arrive."""

    def __init__(self, app: Any, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            return await _refuse(send, 413, f"upload is over the {self.max_bytes // (1024 * 1024)} MB limit")
        seen = 0

        async def limited() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, f"upload is over the {self.max_bytes // (1024 * 1024)} MB limit")
            return message

        await self.app(scope, limited, send)


async def _refuse(send: Any, status: int, line: str) -> None:
    body = json.dumps({"error": line}, ensure_ascii=False).encode("utf-8")
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the security headers to every response; refuse a POST whose Origin is another site."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = dict(scope.get("headers") or [])
        origin = headers.get(b"origin", b"").decode("latin-1")
        if (
            scope["method"] == "POST"
            and origin
            and not same_origin(origin, headers.get(b"host", b"").decode("latin-1"))
        ):
            return await _refuse(send, 403, "uploads are accepted only from this server's own page")

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                have = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                ]
                if b"content-security-policy" not in have:
                    extra.append((b"content-security-policy", PAGE_CSP.encode()))
                message["headers"] = list(message.get("headers", [])) + [h for h in extra if h[0] not in have]
            await send(message)

        await self.app(scope, receive, with_headers)


def same_origin(origin: str, host: str) -> bool:
    """True when a request's Origin header names the host (and port) it was sent to."""
    return bool(host) and urlsplit(origin).netloc.lower() == host.lower()
