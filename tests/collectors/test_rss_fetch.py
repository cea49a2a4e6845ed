"""`RssCollector` against a real HTTP server on 127.0.0.1: conditional GET, content hash, errors, targets."""

from __future__ import annotations

from pathlib import Path

import pytest

from collectors.base import CollectorError, SourceConfig
from collectors.http import HttpError, NetworkError
from collectors.rss import RssCollector
from demo.server import Reply
from storage.records import Brand

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rss"
ACTU = (FIXTURES / "actualites.xml").read_bytes()
XML = {"Content-Type": "application/rss+xml; charset=utf-8"}
BRANDS = [Brand("Fibrea", "Fibrea", own=True), Brand("Ondelis", '"Ondelis" OR "Ondelis Box"')]


def collector(**settings) -> RssCollector:
    c = RssCollector(SourceConfig("presse", "rss", settings))
    c.fetcher.backoff = 0.01  # keep retry tests fast
    return c


def fetch_one(c: RssCollector, state: dict | None = None):
    (target,) = c.targets(BRANDS)
    return target, c.fetch(target, state or {})


# --- conditional GET and content hash ---


def test_200_parses_and_stores_validators_and_hash(http_server) -> None:
    http_server.route("/rss", Reply(200, ACTU, {**XML, "ETag": '"v1"', "Last-Modified": "Tue, 14 May 2024 07:00:00 GMT"}))
    c = collector(url=http_server.url + "/rss")
    target, batch = fetch_one(c)
    assert target.key == http_server.url + "/rss"
    assert (batch.http_status, batch.requests, batch.not_modified, batch.warnings) == (200, 1, False, [])
    assert len(batch.mentions) == 3 and all(m.source == "presse" for m in batch.mentions)
    assert batch.state["etag"] == '"v1"'
    assert batch.state["last_modified"] == "Tue, 14 May 2024 07:00:00 GMT"
    assert len(batch.state["sha256"]) == 64
    assert "application/rss+xml" in http_server.requests[0].headers["Accept"]


def test_304_sends_validators_and_parses_nothing(http_server) -> None:
    http_server.route("/rss", Reply(200, ACTU, {**XML, "ETag": '"v1"', "Last-Modified": "Tue, 14 May 2024 07:00:00 GMT"}),
                      Reply(304))
    c = collector(url=http_server.url + "/rss")
    _, first = fetch_one(c)
    target, second = fetch_one(c, first.state)
    sent = http_server.requests[1].headers
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == "Tue, 14 May 2024 07:00:00 GMT"
    assert (second.not_modified, second.http_status, second.mentions) == (True, 304, [])
    assert second.state == first.state


def test_unchanged_body_without_validators_is_not_parsed_again(http_server, monkeypatch) -> None:
    http_server.route("/rss", Reply(200, ACTU, XML))
    c = collector(url=http_server.url + "/rss")
    _, first = fetch_one(c)
    assert "etag" not in first.state and "last_modified" not in first.state

    def must_not_parse(*args, **kwargs):
        raise AssertionError("an unchanged body was parsed again")

    monkeypatch.setattr("collectors.rss.parse_feed", must_not_parse)
    _, second = fetch_one(c, first.state)
    assert (second.not_modified, second.mentions, second.http_status) == (True, [], 200)
    assert "If-None-Match" not in http_server.requests[1].headers
    assert second.state == first.state


def test_changed_body_is_parsed(http_server) -> None:
    changed = ACTU.replace(b"Panne g\xc3\xa9ante", b"Panne monstre")
    http_server.route("/rss", Reply(200, ACTU, XML), Reply(200, changed, XML))
    c = collector(url=http_server.url + "/rss")
    _, first = fetch_one(c)
    _, second = fetch_one(c, first.state)
    assert not second.not_modified and second.state["sha256"] != first.state["sha256"]
    assert second.mentions[0].title.startswith("Panne monstre")


def test_new_brands_make_an_unchanged_feed_be_read_again(http_server) -> None:
    """Adding a brand to the config must look at the items already in the feed, not wait for new ones."""
    http_server.route("/rss", Reply(200, ACTU, {**XML, "ETag": '"v1"'}))
    c = collector(url=http_server.url + "/rss")
    _, first = fetch_one(c)
    target = c.targets([*BRANDS, Brand("Vélo", "vélo*")])[0]
    again = c.fetch(target, first.state)
    assert "If-None-Match" not in http_server.requests[1].headers
    assert not again.not_modified and len(again.mentions) == 3
    assert again.state["brands"] != first.state["brands"]


# --- failures ---


def test_404_is_a_collector_error_naming_the_url(http_server) -> None:
    c = collector(url=http_server.url + "/disparu")
    with pytest.raises(HttpError) as err:
        fetch_one(c)
    assert err.value.http_status == 404 and "/disparu" in str(err.value)


def test_500_is_retried_then_fails(http_server) -> None:
    http_server.route("/rss", Reply(500))
    c = collector(url=http_server.url + "/rss")
    with pytest.raises(CollectorError) as err:
        fetch_one(c)
    assert err.value.http_status == 500 and http_server.hits("/rss") == 3


def test_500_then_200_recovers(http_server) -> None:
    http_server.route("/rss", Reply(500), Reply(200, ACTU, XML))
    _, batch = fetch_one(collector(url=http_server.url + "/rss"))
    assert batch.requests == 2 and len(batch.mentions) == 3


def test_slow_response_past_the_timeout_setting(http_server) -> None:
    http_server.route("/rss", Reply(200, ACTU, XML, delay=1.5))
    with pytest.raises(NetworkError, match="pas de réponse en 0.3 s"):
        fetch_one(collector(url=http_server.url + "/rss", timeout=0.3))


def test_malformed_xml_keeps_items_with_a_warning(http_server) -> None:
    http_server.route("/rss", Reply(200, (FIXTURES / "mal-forme.xml").read_bytes(), XML))
    _, batch = fetch_one(collector(url=http_server.url + "/rss"))
    assert len(batch.mentions) == 2
    assert len(batch.warnings) == 1 and "XML invalide" in batch.warnings[0]


def test_wrong_encoding_declaration(http_server) -> None:
    http_server.route("/rss", Reply(200, (FIXTURES / "encodage-faux-utf8.xml").read_bytes(),
                                    {"Content-Type": "application/rss+xml"}))
    _, batch = fetch_one(collector(url=http_server.url + "/rss"))
    assert batch.mentions[0].text.startswith("Déçus, énervés")
    assert "encodage déclaré « utf-8 » incorrect" in batch.warnings[0]


def test_html_page_is_an_error(http_server) -> None:
    http_server.route("/", Reply(200, (FIXTURES / "page.html").read_bytes(), {"Content-Type": "text/html"}))
    with pytest.raises(CollectorError, match="page HTML"):
        fetch_one(collector(url=http_server.url + "/"))


def test_gzip_feed_over_the_size_setting(http_server) -> None:
    import gzip

    http_server.route("/rss", Reply(200, gzip.compress(ACTU * 400), {**XML, "Content-Encoding": "gzip"}))
    with pytest.raises(CollectorError, match="Mio"):
        fetch_one(collector(url=http_server.url + "/rss", max_size_mb=0.5))


# --- targets ---


def test_query_template_makes_one_target_per_brand() -> None:
    c = collector(url="https://news.example/rss/search?q={query}&hl=fr")
    targets = c.targets(BRANDS)
    assert [t.key for t in targets] == [
        "https://news.example/rss/search?q=Fibrea&hl=fr",
        "https://news.example/rss/search?q=%22Ondelis%22+OR+%22Ondelis+Box%22&hl=fr",
    ]
    assert [t.params["brand"] for t in targets] == ["Fibrea", "Ondelis"]
    assert targets[1].params["url"] == targets[1].key
    cased = c.targets([Brand("Total", "{Total} OR {Crédit Agricole}")])[0]  # a search engine knows no braces
    assert cased.key == "https://news.example/rss/search?q=Total+OR+%22Cr%C3%A9dit+Agricole%22&hl=fr"


def test_query_template_is_fetched_per_brand(http_server) -> None:
    http_server.route("/search", Reply(200, ACTU, XML))
    c = collector(urls=[http_server.url + "/search?q={query}", http_server.url + "/search?fixe=1"])
    targets = c.targets(BRANDS)
    assert len(targets) == 3
    for target in targets:
        c.fetch(target, {})
    assert [r.query for r in http_server.requests] == [
        {"q": ["Fibrea"]}, {"q": ['"Ondelis" OR "Ondelis Box"']}, {"fixe": ["1"]}]


@pytest.mark.parametrize("settings", [{}, {"url": "a", "urls": ["b"]}, {"urls": []}, {"urls": ["ok", 3]}])
def test_url_or_urls_exactly_one(settings: dict) -> None:
    with pytest.raises(CollectorError, match="`url`|`urls`"):
        collector(**settings).targets(BRANDS)


@pytest.mark.parametrize("key", ["max_items", "max_age_days", "timeout", "max_size_mb"])
def test_numeric_settings_must_be_positive(key: str) -> None:
    # the loader's rule (collectors.settings), also applied to a config built in code
    with pytest.raises(CollectorError, match=f"`{key}` : 0 hors limites ; un nombre > 0 est attendu"):
        collector(url="https://ex.example/rss", **{key: 0}).targets(BRANDS)


# --- local files ---


def test_local_path_and_file_url(tmp_path) -> None:
    for url in (str(FIXTURES / "actualites.xml"), (FIXTURES / "actualites.xml").as_uri()):
        _, batch = fetch_one(collector(url=url))
        assert len(batch.mentions) == 3 and batch.requests == 0
        assert batch.mentions[0].url.startswith("https://www.quotidien-ouest.example/")


def test_local_file_unchanged_is_skipped_and_missing_file_is_named(tmp_path) -> None:
    feed = tmp_path / "flux.xml"
    feed.write_bytes(ACTU)
    c = collector(url=str(feed))
    _, first = fetch_one(c)
    _, second = fetch_one(c, first.state)
    assert second.not_modified and second.mentions == []
    with pytest.raises(CollectorError, match="fichier introuvable"):
        fetch_one(collector(url=str(tmp_path / "absent.xml")))


# --- settings ---


def test_max_items_max_age_and_default_lang(http_server) -> None:
    http_server.route("/dates", Reply(200, (FIXTURES / "dates.xml").read_bytes(), XML))
    _, batch = fetch_one(collector(url=http_server.url + "/dates", max_items=2, lang="FR-fr"))
    assert len(batch.mentions) == 2 and {m.lang for m in batch.mentions} == {"fr"}
    _, recent = fetch_one(collector(url=http_server.url + "/dates", max_age_days=30))
    kept = {m.url.rsplit("/", 1)[1] for m in recent.mentions}
    assert kept == {"103", "104", "105", "106"}  # the recent relative dates and the undated items


def test_user_agent_setting(http_server) -> None:
    http_server.route("/rss", Reply(200, ACTU, XML))
    fetch_one(collector(url=http_server.url + "/rss", user_agent="MonAgence/1.0"))
    assert http_server.requests[0].headers["User-Agent"] == "MonAgence/1.0"
