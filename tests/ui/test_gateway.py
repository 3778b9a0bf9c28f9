"""The server's cookie routes: a one-time code for an HttpOnly cookie, and never a redirect to another site."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from starlette.requests import Request

from ui import gateway


def _get(path: str, query: str, scheme: str = "http") -> Request:
    return Request(
        {
            "type": "http",
            "method": "GET",
            "scheme": scheme,
            "path": path,
            "query_string": query.encode(),
            "headers": [(b"host", b"127.0.0.1:8501")],
            "server": ("127.0.0.1", 8501),
        }
    )


@pytest.mark.parametrize(
    ("asked", "goes_to"),
    [
        ("/editor", "/editor"),
        ("/editor?piece=3", "/editor?piece=3"),
        ("//evil.example/x", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
        ("javascript:alert(1)", "/"),
    ],
)
def test_the_next_page_is_always_on_this_site(asked: str, goes_to: str) -> None:
    assert gateway.local_path(asked) == goes_to


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_code_gives_an_http_only_cookie_once(scheme: str) -> None:
    code = gateway.hand_over("the-token", datetime(2030, 1, 1, tzinfo=UTC))
    first = asyncio.run(gateway.signed_in(_get(gateway.SIGNED_IN, f"code={code}&next=/editor", scheme)))
    cookie = first.headers["set-cookie"]
    assert first.status_code == 303 and first.headers["location"] == "/editor"
    assert cookie.startswith("dragoman_session=the-token;") and "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert ("Secure" in cookie) == (scheme == "https")
    again = asyncio.run(gateway.signed_in(_get(gateway.SIGNED_IN, f"code={code}&next=/editor")))
    assert "set-cookie" not in again.headers  # a code is good once


def test_signing_out_clears_the_cookie() -> None:
    response = asyncio.run(gateway.signed_out(_get(gateway.SIGNED_OUT, "next=//evil.example")))
    assert response.headers["location"] == "/" and 'dragoman_session=""' in response.headers["set-cookie"]
