"""`parse_feed` and its helpers on the project's own French fixture feeds (no network, no server)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from collectors.base import CollectorError
from collectors.feed_dates import parse_french_date
from collectors.rss import html_to_text, normalize_url, parse_feed

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "rss"
BASE = "https://www.quotidien-ouest.example/economie/rss.xml"


def parse(name: str, headers: dict | None = None, url: str = BASE):
    return parse_feed((FIXTURES / name).read_bytes(), headers or {}, "quotidien", url)


def by_title(mentions):
    return {m.title: m for m in mentions}


# --- RSS 2.0 with HTML, entities, tracking links and a duplicate GUID ---


def test_rss2_items_with_plain_text_dates_authors_and_language() -> None:
    mentions, warnings = parse("actualites.xml", {"Content-Type": "application/rss+xml; charset=utf-8"})
    assert warnings == []
    assert len(mentions) == 3  # the fourth item repeats the first GUID
    panne = mentions[0]
    assert panne.id == "rss:www.quotidien-ouest.example/qo-2024-05-14-1001"  # a bare GUID gets the site's host
    assert panne.platform == "rss" and panne.source == "quotidien"
    assert panne.title == "Panne géante chez Fibrea : des milliers d'abonnés privés d'internet"
    assert panne.text == ("Depuis l’aube, les abonnés de Fibrea ne peuvent plus se connecter.\n\n"
                          "L’opérateur promet un retour « dans la journée ».\nLes clients sont très déçus.")
    assert "alert" not in panne.text  # script content is not text
    assert panne.published_at == "2024-05-14T06:30:00Z"  # +0200 → UTC
    assert panne.author_name == "Claire Le Goff"
    assert panne.lang == "fr"  # from <language>fr-FR</language>
    assert panne.url == "https://www.quotidien-ouest.example/economie/panne-fibrea-2024.html"


def test_full_content_is_preferred_to_the_teaser_and_keeps_structure() -> None:
    prix = by_title(parse("actualites.xml")[0])["Ondelis & Fibrea : la guerre des prix de la fibre continue"]
    assert prix.text == ("Une offre à 19,99 €\n\nOndelis riposte à la baisse de Fibrea.\n\nFibre 1 Gb/s\nBox TV"
                         "\n\nLes concurrents suivront-ils ?")
    assert prix.id == "rss:https://www.quotidien-ouest.example/economie/guerre-des-prix.html?id=42"
    assert prix.url == "https://www.quotidien-ouest.example/economie/guerre-des-prix.html?id=42"


def test_double_escaped_entities_are_decoded() -> None:
    velo = by_title(parse("actualites.xml")[0])["Le marché du vélo électrique en hausse dans la région"]
    assert velo.text == "Les ventes de vélos à assistance électrique ont progressé de 12 % en un an."


def test_raw_is_small_and_json_serialisable() -> None:
    panne = parse("actualites.xml")[0][0]
    assert set(panne.raw) == {"guid", "link", "published", "tags", "feed_title"}
    assert panne.raw["tags"] == ["Télécoms"]
    assert "utm_source" in panne.raw["link"]  # the original link is kept for provenance
    assert len(json.dumps(panne.raw, ensure_ascii=False)) < 1000


# --- Atom ---


def test_atom_entries_html_titles_relative_links_and_xml_lang() -> None:
    mentions, warnings = parse("blog.atom", url="https://conso-margaux.example/feed.atom")
    assert warnings == []
    box, outage = mentions
    assert box.id == "rss:tag:conso-margaux.example,2024:post-118"
    assert box.title == "J’ai testé la box Ondelis pendant un mois"  # HTML title → text
    assert box.url == "https://conso-margaux.example/2024/05/box-ondelis-test"  # relative to the feed
    assert box.text == ("Installation rapide, débit au rendez-vous.\n\n"
                        "Seul bémol : le service client d'Ondelis, injoignable le week-end.")
    assert box.published_at == "2024-05-10T16:45:00Z"  # published wins over updated
    assert box.author_name == "Margaux D."  # the feed's author when the entry has none
    assert box.lang == "fr"
    assert outage.published_at == "2024-05-14T06:30:00Z"  # no published: updated
    assert outage.lang == "en"  # the entry's own xml:lang
    assert outage.author_name == "Guest writer"
    assert outage.text == "Fibrea customers lost their connection early this morning.\n\nUpdates below."


# --- dates ---


def test_dates_french_formats_relative_missing_and_unreadable() -> None:
    mentions, warnings = parse("dates.xml")
    dates = {m.url.rsplit("/", 1)[1]: m.published_at for m in mentions}
    assert dates["101"] == "2020-05-03T09:30:00Z"  # "dim, 05/03/2020 - 11:30": a Sunday, so 3 May, Paris time
    assert dates["102"] == "2024-02-12T09:30:00Z"  # "12 févr. 2024 à 10h30", Paris winter time
    two_hours_ago = datetime.now(UTC) - timedelta(hours=2)
    assert abs(datetime.fromisoformat(dates["103"].replace("Z", "+00:00")) - two_hours_ago) < timedelta(minutes=1)
    assert dates["104"].endswith("T17:00:00Z") or dates["104"].endswith("T16:00:00Z")  # hier à 18h00, Paris
    assert dates["105"] is None  # no date, and none in the feed or the link: undated (a backlog by default)
    assert dates["106"] is None
    assert dates["107"] == "2024-12-31T23:30:00Z"
    assert {m.url.rsplit("/", 1)[1]: m.date_source for m in mentions if m.published_at is None} == \
        {"105": "unknown", "106": "unknown"}
    assert warnings == ["1 date(s) de publication illisible(s) : date de l'adresse, du flux ou de première collecte "
                        "utilisée à la place, sinon article laissé sans date"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lun, 05/03/2020 - 11:30", "2020-03-05T10:30:00Z"),  # a weekday that fits neither: day-first
        ("jeu, 05/03/2020 - 11:30", "2020-03-05T10:30:00Z"),  # Thursday 5 March
        ("05/03/2020", "2020-03-04T23:00:00Z"),  # no weekday: French day-first, midnight Paris
        ("25/12/2023 08:15", "2023-12-25T07:15:00Z"),
        ("12/25/2023 08:15", "2023-12-25T07:15:00Z"),  # only month-first is possible
        ("1er janvier 2024", "2023-12-31T23:00:00Z"),
        ("Mardi 14 mai 2024 à 9h05", "2024-05-14T07:05:00Z"),
        ("14 août 2024 10:00:00 +0000", "2024-08-14T10:00:00Z"),
        ("14 AOUT 2024, 10h30 UTC", "2024-08-14T10:30:00Z"),
    ],
)
def test_parse_french_date(text: str, expected: str) -> None:
    assert parse_french_date(text).strftime("%Y-%m-%dT%H:%M:%SZ") == expected


def test_parse_french_date_relative_and_unknown() -> None:
    now = datetime(2024, 5, 14, 12, 0, tzinfo=UTC)
    assert parse_french_date("il y a 3 minutes", now) == now - timedelta(minutes=3)
    assert parse_french_date("Il y a une heure", now) == now - timedelta(hours=1)
    assert parse_french_date("il y a 2 jours", now) == now - timedelta(days=2)
    assert parse_french_date("aujourd'hui à 08h00", now) == datetime(2024, 5, 14, 6, 0, tzinfo=UTC)
    assert parse_french_date("avant-hier", now) == datetime(2024, 5, 11, 22, 0, tzinfo=UTC)
    for garbage in ("bientôt", "31/02/2024", "32 mai 2024", "le 14 blurb 2024", ""):
        assert parse_french_date(garbage, now) is None


# --- ids, duplicates, empty items ---


def test_ids_without_guid_use_the_normalised_link_or_the_content() -> None:
    mentions, warnings = parse("sans-guid.xml", url="https://forum-abonnes.example/feed")
    assert len(mentions) == 3  # the copy with the same normalised link and the empty item are dropped
    debit, sans_lien, numerique = mentions
    assert debit.url == "https://forum-abonnes.example/t/debit-soir"
    assert debit.id.startswith("rss:") and len(debit.id) == 4 + 40  # sha1 of the normalised link
    again, _ = parse("sans-guid.xml", url="https://forum-abonnes.example/feed")
    assert [m.id for m in again] == [m.id for m in mentions]  # stable across runs
    assert sans_lien.url is None and sans_lien.title is None
    assert sans_lien.text.startswith("Message sans titre ni lien")
    assert numerique.id == "rss:forum-abonnes.example/12345"
    assert numerique.text == numerique.title  # no description: the title stands for the text
    assert warnings == ["1 article(s) sans titre, texte ni lien ignoré(s)"]


def test_same_guid_from_two_sites_does_not_collide() -> None:
    feed = (FIXTURES / "sans-guid.xml").read_bytes().replace(b"forum-abonnes.example", b"autre-forum.example")
    other, _ = parse_feed(feed, {}, "autre", "https://autre-forum.example/feed")
    mine, _ = parse("sans-guid.xml", url="https://forum-abonnes.example/feed")
    assert other[-1].id != mine[-1].id


# --- malformed feeds, encodings, non-feeds ---


def test_bozo_feed_keeps_what_it_yields_with_a_warning() -> None:
    mentions, warnings = parse("mal-forme.xml", url="https://revue-tech.example/rss")
    assert [m.title for m in mentions] == ["Fibrea & Ondelis : comparatif des box", "Les pannes Fibrea de l'année"]
    assert len(warnings) == 1
    assert warnings[0].startswith("flux mal formé (XML invalide, ligne 4") and "2 article(s)" in warnings[0]


def test_feed_declared_utf8_but_written_in_windows_1252() -> None:
    mentions, warnings = parse("encodage-faux-utf8.xml")
    assert mentions[0].title == "Fibrea : l’été sera chaud pour les abonnés"
    assert mentions[0].text == "Déçus, énervés, les clients de Fibrea réclament 20 € de remboursement."
    assert warnings == ["flux mal formé (encodage déclaré « utf-8 » incorrect, lu en « windows-1252 ») : "
                        "1 article(s) récupéré(s) malgré tout"]


def test_feed_declared_latin1_but_written_in_utf8() -> None:
    mentions, warnings = parse("encodage-faux-latin1.xml")
    assert mentions[0].title == "Fibrea : l’été sera chaud pour les abonnés"  # not « l’Ã©tÃ© »
    assert warnings == ["encodage déclaré « ISO-8859-1 » mais contenu en UTF-8 : lu en UTF-8"]


def test_http_charset_that_lies_is_corrected_too() -> None:
    mentions, warnings = parse("encodage-faux-latin1.xml", {"Content-Type": "text/xml; charset=ISO-8859-1"})
    assert mentions[0].text.startswith("Déçus, énervés")
    assert warnings == ["encodage déclaré « ISO-8859-1 » mais contenu en UTF-8 : lu en UTF-8"]


def test_correct_single_byte_declaration_is_left_alone() -> None:
    mentions, warnings = parse("windows-1252.xml")
    assert mentions[0].text == "Déçus, énervés, les clients de Fibrea réclament 20 € de remboursement."
    assert warnings == []


def test_feed_served_as_text_html_is_still_a_feed_without_warning() -> None:
    mentions, warnings = parse("actualites.xml", {"Content-Type": "text/html; charset=utf-8"})
    assert len(mentions) == 3 and warnings == []


def test_html_page_instead_of_a_feed_names_the_feeds_it_advertises() -> None:
    with pytest.raises(CollectorError) as err:
        parse("page.html", {"Content-Type": "text/html"}, url="https://www.quotidien-ouest.example/")
    message = str(err.value)
    assert "page HTML reçue au lieu d'un flux" in message
    assert "https://www.quotidien-ouest.example/economie/rss.xml" in message
    assert "https://www.quotidien-ouest.example/atom.xml" in message


@pytest.mark.parametrize("body", [b"", b"  \n", b"{\"items\": []}", b"<?xml version='1.0'?><note>bonjour</note>"])
def test_nothing_usable_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(CollectorError, match=BASE):
        parse_feed(body, {}, "s", BASE)


def test_a_body_that_names_a_local_file_is_never_opened(tmp_path) -> None:
    """feedparser opens a path it is given as bytes; we hand it a stream, so a server can't make us read files."""
    secret = tmp_path / "secret.xml"
    secret.write_bytes((FIXTURES / "actualites.xml").read_bytes())
    with pytest.raises(CollectorError):
        parse_feed(str(secret).encode(), {}, "s", BASE)


def test_valid_empty_feed_is_no_error() -> None:
    body = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Vide</title></channel></rss>"
    assert parse_feed(body, {}, "s", BASE) == ([], [])


# --- helpers ---


def test_html_to_text() -> None:
    assert html_to_text("<p>Un</p><p>Deux<br>Trois</p>") == "Un\n\nDeux\nTrois"
    assert html_to_text("A &amp; B &lt;tag&gt; &eacute;t&eacute; &#8217; &#x20AC;") == "A & B <tag> été ’ €"
    assert html_to_text("<style>p{}</style><p>visible</p><script>var x = '<p>';</script>") == "visible"
    assert html_to_text("  espaces \t multiples\n\n\n\n<div>bloc</div>") == "espaces multiples\n\nbloc"
    assert html_to_text("<img src=x onerror=alert(1)>texte") == "texte"
    assert html_to_text("pas de balise") == "pas de balise"


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Ex.FR/a?utm_source=x&utm_medium=y&id=3#frag", "https://ex.fr/a?id=3"),
        ("http://ex.fr:80/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&xtor=RSS-1", "http://ex.fr/a"),
        ("https://ex.fr:443", "https://ex.fr/"),
        ("https://ex.fr:8443/a?b=%20c&pk_campaign=z&at_medium=rss", "https://ex.fr:8443/a?b=%20c"),
        ("https://ex.fr/a?flag&UTM_Source=x", "https://ex.fr/a?flag"),
        ("  https://ex.fr/a b  ", "https://ex.fr/a b"),
        ("mailto:someone@ex.fr", "mailto:someone@ex.fr"),
        ("https://ex.fr:notaport/a#x", "https://ex.fr:notaport/a#x"),
        ("https://[2001:db8::1]:443/a", "https://[2001:db8::1]/a"),
    ],
)
def test_normalize_url(url: str, expected: str) -> None:
    assert normalize_url(url) == expected
