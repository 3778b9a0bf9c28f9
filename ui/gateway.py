"""The dashboard's own HTTP routes beside Streamlit's: the session cookie is set and cleared by the server,
HttpOnly (no page script can read it), SameSite=Strict, and Secure behind HTTPS.

After a sign-in the page hands the new session to the server with a one-time code that lives a minute
(never the token itself in an address) and is sent on to the page it was on; only then does it show the
person signed in, so a link opened afterwards always finds the cookie.
"""

from __future__ import annotations

import secrets
import threading
import time
from datetime import datetime
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

COOKIE = "dragoman_session"
SIGNED_IN = "/_dragoman/signed-in"
SIGNED_OUT = "/_dragoman/signed-out"
CODE_SECONDS = 60

_LOCK = threading.Lock()
_CODES: dict[str, tuple[str, datetime, float]] = {}


def hand_over(token: str, expires_at: datetime) -> str:
    """A one-time code the browser exchanges for the session cookie within a minute."""
    code = secrets.token_urlsafe(24)
    now = time.monotonic()
    with _LOCK:
        for stale in [c for c, (_t, _e, at) in _CODES.items() if now - at > CODE_SECONDS]:
            del _CODES[stale]
        _CODES[code] = (token, expires_at, now)
    return code


def _take(code: str) -> tuple[str, datetime] | None:
    with _LOCK:
        found = _CODES.pop(code, None)
    if found is None or time.monotonic() - found[2] > CODE_SECONDS:
        return None
    return found[0], found[1]


def local_path(value: str | None) -> str:
    """Where to go next: a path on this site, never another site.

    >>> local_path("/editor?piece=3"), local_path("//evil.example/x"), local_path("https://evil.example")
    ('/editor?piece=3', '/', '/')
    """
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto", "") == "https"


async def signed_in(request: Request) -> Response:
    """Exchange a one-time code for the session cookie, then go on to the page the person was on."""
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    found = _take(request.query_params.get("code", ""))
    if found is not None:
        token, expires_at = found
        response.set_cookie(
            COOKIE,
            token,
            expires=expires_at,
            path="/",
            httponly=True,
            samesite="strict",
            secure=_secure(request),
        )
    response.headers["Cache-Control"] = "no-store"
    return response


async def signed_out(request: Request) -> Response:
    """Clear the session cookie (the session itself was ended by the page), then go to the sign-in form."""
    response = RedirectResponse(local_path(request.query_params.get("next")), status_code=303)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict", secure=_secure(request))
    response.headers["Cache-Control"] = "no-store"
    return response


ROUTES = [Route(SIGNED_IN, signed_in, methods=["GET"]), Route(SIGNED_OUT, signed_out, methods=["GET"])]
