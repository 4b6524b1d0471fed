"""Fetch + extract throughput on a local HTTP server, beside a plain download of the same pages.

Usage::

    python -m benchmarks.fetch_bench [--pages 200] [--out DIR]

A server on 127.0.0.1 serves one RSS feed of N summary-only items, each linking to a page
(the HTML fixtures, cycled, each made unique). ``storyline`` runs ``fetch_feeds`` with
``full_text: true`` and no per-host delay: the feed, then every page fetched, its article
extracted and stored as Markdown. The baseline downloads the same N pages with
``urllib.request.urlopen`` and keeps the bytes (no extraction, no storing): the floor any
fetcher pays on this machine. Then the extraction quality on the fixtures
(``benchmarks.extract_compare``). Figures are pages per second; read the ratio.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from benchmarks import extract_compare
from index.corpus.fetch import FeedSpec, FetchSettings, fetch_feeds

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "html"


def serve(pages: int) -> tuple[ThreadingHTTPServer, str]:
    html = [p.read_bytes() for p in sorted(FIXTURES.glob("*.html"))]
    items = "".join(
        f"<item><title>Story {n}</title><link>/page/{n}</link><guid>story-{n}</guid>"
        f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>Summary {n}.</description>"
        "</item>"
        for n in range(pages)
    )
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}'
    feed += "</channel></rss>"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802
            if self.path == "/feed":
                body = feed.encode()
            else:
                n = int(self.path.rsplit("/", 1)[-1])
                body = html[n % len(html)].replace(b"<body>", f"<body><!-- {n} -->".encode())
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    httpd, base = serve(args.pages)
    work = Path(tempfile.mkdtemp(prefix="storyline-fetch-bench-"))
    try:
        started = time.perf_counter()
        for n in range(args.pages):
            with urllib.request.urlopen(f"{base}/page/{n}", timeout=10) as answer:
                answer.read()
        plain = time.perf_counter() - started

        started = time.perf_counter()
        spec = FeedSpec(f"{base}/feed", full_text=True)
        (report,) = fetch_feeds([spec], work, FetchSettings(timeout=10, delay=0))
        ours = time.perf_counter() - started
        full = sum(f"Summary {n}." not in Path(p).read_text() for n, p in enumerate(report.new))
    finally:
        httpd.shutdown()
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.pages} pages from a feed on {base}")
    print(f"baseline: urlopen, bytes kept         {args.pages / plain:8.1f} pages/s")
    print(
        f"storyline fetch (full_text, extract)   {args.pages / ours:8.1f} pages/s"
        f"  ({len(report.new)} stored, {full} with the page's full text)"
    )
    print()
    extract_compare.main_with([])


if __name__ == "__main__":
    main()
