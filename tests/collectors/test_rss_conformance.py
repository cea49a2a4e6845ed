"""Conformance: real-world and test-suite feeds from ../shared go through `parse_feed` without crashing.

A `CollectorError` is fine (a JSON Feed, an HTML page, a channel with no items); any other
exception is a bug. The French news feeds must yield every entry feedparser sees, with ids and text.
"""

from __future__ import annotations

import io
from pathlib import Path

import feedparser
import pytest

from collectors.base import CollectorError
from collectors.rss import parse_feed

SETS = ("feedparser-tests", "french-news-rss", "feed-rs-fixtures")


def feed_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.upper().startswith("LICENSE"))


@pytest.mark.parametrize("name", SETS)
def test_every_file_parses_or_fails_cleanly(shared_dir: Path, name: str) -> None:
    files = feed_files(shared_dir / "fixtures" / name)
    assert files, f"{name}: no files found"
    crashes, parsed = [], 0
    for path in files:
        try:
            parse_feed(path.read_bytes(), {}, "conformance", "https://flux.example/" + path.name)
            parsed += 1
        except CollectorError:
            pass
        except Exception as exc:  # collecting every crash is the point of this test
            crashes.append(f"{path.relative_to(shared_dir)}: {type(exc).__name__}: {exc}")
    assert not crashes, "\n".join(crashes)
    assert parsed >= 0.9 * len(files)  # nearly all are real feeds: mass rejection would be a bug too


def test_french_news_feeds_yield_every_entry_with_id_and_text(shared_dir: Path) -> None:
    checked = 0
    for path in feed_files(shared_dir / "fixtures" / "french-news-rss"):
        if path.suffix != ".xml":
            continue
        data = path.read_bytes()
        expected = feedparser.parse(io.BytesIO(data)).entries
        if not expected:
            with pytest.raises(CollectorError):  # the HTML page served instead of a feed
                parse_feed(data, {}, "presse", "https://flux.example/rss")
            continue
        mentions, _ = parse_feed(data, {}, "presse", "https://flux.example/rss")
        ids = {(e.get("id") or e.get("link")) for e in expected}
        assert len(mentions) == len(ids), path.name  # one mention per distinct entry
        assert all(m.id.startswith("rss:") and len(m.id) > 4 for m in mentions), path.name
        assert all(m.text.strip() for m in mentions), path.name
        checked += 1
    assert checked >= 15
