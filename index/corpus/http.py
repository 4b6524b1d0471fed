"""A polite HTTP GET for feeds and the pages they link to.

Polite: a clear User-Agent, a conditional request (ETag, Last-Modified) so an unchanged
feed costs the server a 304, a pause between requests to the same host, a timeout on the
whole response (not only on each read), and a cap on the bytes read. Only ``http`` and
``https``: no ``file:``, no ``ftp:``, even through a redirect. Responses are not
decompressed (none is asked for), so a small body cannot unpack into a huge one.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.parse import urlsplit

from index.corpus.options import USER_AGENT

CHUNK = 64 * 1024


class FetchError(Exception):
    """A request that gave nothing usable; the reason is one readable line."""


@dataclass(frozen=True)
class Response:
    status: int  # 200, or 304 when not modified
    body: bytes = b""
    url: str = ""  # the final address, after redirects
    etag: str = ""
    last_modified: str = ""


@dataclass
class Client:
    """Requests with the manners above; one per fetch run (it remembers hosts' last hits)."""

    timeout: float = 20.0
    delay: float = 1.0  # seconds between two requests to one host
    max_bytes: int = 5 * 1024 * 1024
    user_agent: str = USER_AGENT
    _last: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # No ProxyHandler and no FileHandler/FTPHandler: only the address asked for, over HTTP.
        self._opener = urllib.request.OpenerDirector()
        for handler in (
            urllib.request.HTTPHandler(),
            urllib.request.HTTPSHandler(),
            urllib.request.HTTPRedirectHandler(),
            urllib.request.HTTPDefaultErrorHandler(),
            urllib.request.HTTPErrorProcessor(),
        ):
            self._opener.add_handler(handler)

    def get(self, url: str, etag: str = "", last_modified: str = "") -> Response:
        """GET ``url``; raise ``FetchError`` with the reason when nothing usable came back."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise FetchError(f"not an http(s) address: {url[:100]}")
        self._wait_for(parts.hostname)
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "identity"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        request = urllib.request.Request(url, headers=headers)
        started = time.monotonic()
        try:
            with self._opener.open(request, timeout=self.timeout) as answer:
                length = answer.headers.get("Content-Length", "")
                if length.isdigit() and int(length) > self.max_bytes:
                    raise FetchError(f"too large: {int(length):,} bytes (limit {self.max_bytes:,})")
                body = self._read(answer, started)
                return Response(
                    answer.status,
                    body,
                    answer.geturl(),
                    answer.headers.get("ETag", ""),
                    answer.headers.get("Last-Modified", ""),
                )
        except urllib.error.HTTPError as error:
            if error.code == 304:
                return Response(304, url=url, etag=etag, last_modified=last_modified)
            if 300 <= error.code < 400:
                raise FetchError(f"too many redirects (HTTP {error.code})") from None
            raise FetchError(f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise FetchError(f"no answer within {self.timeout:g} s") from None
            raise FetchError(f"cannot connect: {reason}") from None
        except TimeoutError:
            raise FetchError(f"no answer within {self.timeout:g} s") from None
        except (HTTPException, OSError, ValueError) as error:
            raise FetchError(f"failed: {type(error).__name__}: {error}"[:200]) from None
        finally:
            self._last[parts.hostname] = time.monotonic()

    def _read(self, answer: object, started: float) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            if time.monotonic() - started > self.timeout:
                raise FetchError(f"response not complete within {self.timeout:g} s")
            chunk = answer.read(CHUNK)  # type: ignore[attr-defined]
            if not chunk:
                return b"".join(chunks)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(f"too large: over {self.max_bytes:,} bytes; not kept")
            chunks.append(chunk)

    def _wait_for(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            pause = self.delay - (time.monotonic() - last)
            if pause > 0:
                time.sleep(pause)
