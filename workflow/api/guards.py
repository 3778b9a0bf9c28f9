"""What the API checks before any handler runs: the size of a request's body, and each token's rate."""

from __future__ import annotations

import hashlib
import math
import os
import threading
import time
from collections.abc import Callable
from typing import Any

from starlette.responses import JSONResponse

from workflow.limits import max_import_bytes

PROBLEM = "application/problem+json"


def rate_per_minute() -> int:
    """Calls a token may make a minute: ``DRAGOMAN_API_RATE``, else 600."""
    return max(1, int(os.environ.get("DRAGOMAN_API_RATE") or 600))


class RateLimiter:
    """A token bucket per API token, in this process: a minute's calls at once, refilled evenly."""

    def __init__(self, per_minute: int | None = None, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute or rate_per_minute()
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # token's hash -> (calls left, when counted)
        self._lock = threading.Lock()

    def take(self, secret: str) -> int:
        """Count one call; 0 when it may go ahead, else the seconds until it may."""
        key = hashlib.sha256(secret.encode()).hexdigest()
        rate = self.per_minute / 60
        with self._lock:
            now = self._clock()
            left, then = self._buckets.get(key, (float(self.per_minute), now))
            left = min(float(self.per_minute), left + (now - then) * rate)
            if left < 1:
                self._buckets[key] = (left, now)
                return max(1, math.ceil((1 - left) / rate))
            self._buckets[key] = (left - 1, now)
            return 0


class LimitBody:
    """Reads at most the import limit of a request's body before any handler runs; more is a 413 problem."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        most, body, more = max_import_bytes(), bytearray(), True
        while more:
            message = await receive()
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > most:
                detail = f"the body is over {most:,} bytes (DRAGOMAN_MAX_IMPORT_MB)"
                problem = {"type": "about:blank", "title": "Too large", "status": 413, "detail": detail}
                await JSONResponse(problem, status_code=413, media_type=PROBLEM)(scope, receive, send)
                return
        scope["dragoman.body"] = bytes(body)
        await self.app(scope, receive, send)
