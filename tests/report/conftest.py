"""What the report tests share: running `veille report`, reading what a reader sees in the HTML."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest

from veille.cli import main

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-artifacts" / "screenshots" / "report"
IMAGE = re.compile(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')


def yesterday() -> str:
    return (datetime.now(UTC).date() - timedelta(days=1)).isoformat()


def report(db: Path, out: Path, *args: str) -> int:
    """`veille report --db DB -o OUT ARGS…` as a user types it; its exit code."""
    return main(["report", "--db", str(db), "-o", str(out), *args])


def chart_svgs(page: str) -> list[str]:
    """The SVG of every chart image of a report page."""
    return [base64.b64decode(data).decode("utf-8") for data in IMAGE.findall(page)]


class _Reader(HTMLParser):
    """The text a reader sees, without the quoted mentions (their text is the author's, written as it was)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0  # depth inside <style> or a mention's own text
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self.skip:
            self.skip += 1
        elif tag == "style" or (tag == "p" and {"text", "mtitle"} & set(classes)):
            self.skip = 1

    def handle_endtag(self, tag):
        if self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(page: str) -> str:
    """The page's text outside the mentions' own words, then every chart's labels."""
    reader = _Reader()
    reader.feed(page)
    labels = [re.sub(r"<[^>]+>", "", t) for svg in chart_svgs(page) for t in re.findall(r"<text[^>]*>.*?</text>", svg)]
    return " ".join(" ".join(reader.parts).split()) + "\n" + "\n".join(labels)


@pytest.fixture(scope="session")
def demo_reports(demo_db, tmp_path_factory) -> dict[str, Path]:
    """The demo's 30-day report, in HTML and in PDF (made once per session)."""
    folder = tmp_path_factory.mktemp("report-demo")
    paths = {"html": folder / "rapport.html", "pdf": folder / "rapport.pdf"}
    for path in paths.values():
        assert report(demo_db, path, "--period", "30j") == 0
    return paths
