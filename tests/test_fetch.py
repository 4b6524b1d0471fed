"""``storyline fetch`` against a local HTTP server the tests start on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from index.corpus import http
from index.corpus.fetch import FeedSpec, FetchSettings, fetch_feeds
from index.corpus.http import Client, FetchError
from tests.test_sources import ATOM, BOMB, RDF, RSS

PAGE = (Path(__file__).parent / "fixtures" / "html" / "harbour.html").read_bytes()
SUMMARY_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Courier</title>
<link>/</link><item><title>Dockers vote to strike</title><link>/story</link>
<guid>courier-1</guid><pubDate>Tue, 05 Mar 2024 08:30:00 GMT</pubDate>
<description>Dockers voted to strike.</description></item></channel></rss>"""


class Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, dict[str, str]]] = []

    def log_message(self, *args: object) -> None:
        pass

    def send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        Handler.seen.append((self.path, dict(self.headers)))
        path = self.path
        feeds = {"/rss": RSS, "/atom": ATOM, "/rdf": RDF, "/bomb": BOMB, "/summary": SUMMARY_FEED}
        if path in feeds:
            self.send(200, feeds[path].encode(), Content_Type="application/xml")
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304)
            else:
                self.send(200, RSS.encode(), ETag='"v1"')
        elif path == "/story":
            self.send(200, PAGE, Content_Type="text/html")
        elif path == "/404":
            self.send(404, b"gone")
        elif path == "/500":
            self.send(500, b"oops")
        elif path.startswith("/loop"):
            self.send(302, Location="/loop2" if path == "/loop" else "/loop")
        elif path == "/slow":
            time.sleep(3)
            self.send(200, RSS.encode())
        elif path == "/huge":  # a declared 50 MB body
            self.send_response(200)
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
            self.wfile.write(b"<rss>" + b" " * 1_000_000)
        elif path == "/huge-undeclared":  # 50 MB with no length: read until the cap
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(50):
                    self.wfile.write(b" " * 1_000_000)
            except OSError:
                pass
        elif path == "/malformed":
            self.send(200, b"<rss><channel><item><title>x</title></channel></rss>")
        else:
            self.send(404)


@pytest.fixture
def server() -> Iterator[str]:
    Handler.seen = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


FAST = FetchSettings(timeout=1.0, delay=0.0, max_bytes=5_000_000)


def front_matter(path: str) -> dict:
    text = Path(path).read_text()
    return yaml.safe_load(text.split("---\n")[1])


def test_rss_atom_rdf_stored_as_markdown_with_front_matter(server: str, tmp_path: Path) -> None:
    feeds = [FeedSpec(f"{server}/{kind}") for kind in ("rss", "atom", "rdf")]
    reports = fetch_feeds(feeds, tmp_path, FAST)
    assert [(r.status, len(r.new)) for r in reports] == [("ok", 2), ("ok", 1), ("ok", 1)]
    first = front_matter(reports[0].new[0])
    assert first == {
        "title": "Kell ferries resume service",  # HTML in the title read as text
        "date": "2024-03-05",
        "source": "Valdorian Wire",
        "url": "https://wire.example/kell-ferries",  # relative link made absolute
        "tags": ["transport"],
        "guid": "wire-101",
        "feed": f"{server}/rss",
    }
    assert Path(reports[0].new[0]).parent.name == "127-0-0-1-rss"
    assert (
        "Ferries between Kell and Orsa resumed on Tuesday." in Path(reports[0].new[0]).read_text()
    )
    assert front_matter(reports[1].new[0])["author"] == "Dariusz Fenn"
    # the User-Agent says who is asking
    assert all(h["User-Agent"].startswith("storyline/") for _, h in Handler.seen)


def test_no_refetch_and_conditional_get(server: str, tmp_path: Path) -> None:
    etag = FeedSpec(f"{server}/etag")
    first = fetch_feeds([etag, FeedSpec(f"{server}/rss")], tmp_path, FAST)
    assert [len(r.new) for r in first] == [2, 2]
    again = fetch_feeds([etag, FeedSpec(f"{server}/rss")], tmp_path, FAST)
    assert again[0].status == "not modified"  # the server answered 304 to If-None-Match
    assert (again[1].status, again[1].new, again[1].known) == ("ok", [], 2)
    assert Handler.seen[-2][1].get("If-None-Match") == '"v1"'
    assert len(list(tmp_path.rglob("*.md"))) == 4


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/404", "HTTP 404"),
        ("/500", "HTTP 500"),
        ("/loop", "too many redirects"),
        ("/slow", "no answer within 1 s"),
        ("/huge", "too large: 50,000,000 bytes"),
        ("/huge-undeclared", "too large: over 5,000,000 bytes"),
        ("/malformed", "malformed XML"),
        ("/bomb", "refused: the XML declares entities"),
    ],
)
def test_each_failure_is_a_named_line_and_the_others_still_fetch(
    server: str, tmp_path: Path, path: str, reason: str
) -> None:
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "old.md").write_text("---\ntitle: Old\n---\nKept.\n")
    reports = fetch_feeds([FeedSpec(server + path), FeedSpec(f"{server}/atom")], tmp_path, FAST)
    bad, good = reports
    assert bad.status == "failed" and reason in bad.line() and server + path in bad.line()
    assert "nothing stored was changed" in bad.line()
    assert (good.status, len(good.new)) == ("ok", 1)
    assert (tmp_path / "kept" / "old.md").exists()


def test_full_text_fetched_for_a_summary_only_item(server: str, tmp_path: Path) -> None:
    spec = FeedSpec(f"{server}/summary", name="Courier", full_text=True)
    (report,) = fetch_feeds([spec], tmp_path, FAST)
    text = Path(report.new[0]).read_text()
    assert "81 percent of its members backed the walkout" in text
    assert "Refinance your mortgage" not in text and "harbourfan22" not in text
    assert front_matter(report.new[0])["source"] == "Courier"


def test_only_http_and_a_pause_between_requests_to_one_host(
    server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(FetchError, match="not an http"):
        Client().get("file:///etc/passwd")
    pauses: list[float] = []
    monkeypatch.setattr(http.time, "sleep", pauses.append)
    client = Client(timeout=2.0, delay=30.0)
    client.get(f"{server}/rss")
    client.get(f"{server}/atom")
    assert len(pauses) == 1 and pauses[0] > 20


def test_fetch_command_fetches_then_indexes(server: str, tmp_path: Path) -> None:
    from tui.cli import main

    config = tmp_path / "config.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "corpus": [],
                "feeds": [f"{server}/rss", {"url": f"{server}/404", "name": "Broken"}],
                "feeds_dir": str(tmp_path / "feeds"),
                "index_dir": str(tmp_path / "index"),
                "fetch": {"delay": 0, "timeout": 2},
            }
        )
    )
    assert main(["fetch", "--config", str(config)]) == 1  # one feed failed
    from index.config import load_config
    from index.store.store import open_store

    store = open_store(load_config(str(config)))
    assert store.catalog is not None
    titles = sorted(s.title for s in store.catalog.summaries())
    assert titles == ["Kell ferries resume service", "Orsa council backs harbour plan"]
    store.close()


def test_fetch_command_json_and_no_feeds(
    server: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tui.cli import main

    config = tmp_path / "config.yaml"
    config.write_text(
        f"feeds: ['{server}/atom']\nfeeds_dir: {tmp_path / 'f'}\nindex_dir: {tmp_path / 'i'}\n"
        "fetch: {delay: 0}\ncorpus: []\n"
    )
    assert main(["fetch", "--json", "--config", str(config)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["feeds"][0]["status"] == "ok" and len(out["feeds"][0]["new"]) == 1
    assert out["index"]["added"] == 1
    empty = tmp_path / "empty.yaml"
    empty.write_text("corpus: []\n")
    assert main(["fetch", "--config", str(empty)]) == 2
    assert "no feeds" in capsys.readouterr().err


def test_feeds_config_takes_addresses_or_mappings_and_names_bad_ones(tmp_path: Path) -> None:
    from index.config import parse_config

    config = parse_config(
        "feeds:\n  - https://a.example/rss\n  - {url: http://b.example/atom, name: B, full_text: true}\n"
        "  - {name: no address}\n  - ftp://c.example/feed\nfetch: {timeout: -1, delay: 0.5}\n",
        tmp_path / "c.yaml",
    )
    assert config.feeds == (
        FeedSpec("https://a.example/rss"),
        FeedSpec("http://b.example/atom", name="B", full_text=True),
    )
    assert (config.fetch.timeout, config.fetch.delay) == (20.0, 0.5)
    assert config.feeds_dir is not None and config.corpus[-1] == config.feeds_dir
    assert [(p.line, p.reason.split(":")[0]) for p in config.problems] == [
        (4, "feeds[2]"),
        (5, "feeds[3].url"),
        (6, "fetch.timeout"),
    ]
