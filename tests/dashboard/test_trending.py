"""storage.dashboard_queries.trending_topics: topics that rose against the previous period (« Thèmes en hausse »)."""

from __future__ import annotations

from dataclasses import replace

from storage import dashboard_queries as dq
from storage.collect_writes import save_batch, sync_source
from storage.db import utcnow
from storage.records import Batch, Mention, Tags
from storage.tags import save_tags

WEEK = dq.Filters(start="2026-11-08", end="2026-11-14")


def add(conn, n, day, topics, brand="Exemplo", start=0):
    sync_source(conn, "s", "rss", {})
    mentions = [Mention(id=f"m{start + i}", platform="rss", source="s", text="x", brands=[brand],
                        published_at=f"2026-11-{day:02d}T12:00:00Z") for i in range(n)]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[("keyphrase", t, 1.0) for t in topics])
                               for m in mentions])


def trending(conn, f: dq.Filters) -> list[dict]:
    return dq.trending_topics(dq.topic_counts(conn, f), dq.topic_counts(conn, f.previous()), ("keyphrase",))


def test_rising_theme_comes_first(conn):
    add(conn, 10, 1, ["livraison"], start=0)
    add(conn, 10, 1, ["prix"], start=100)
    add(conn, 10, 8, ["livraison"], start=200)
    add(conn, 2, 8, ["prix"], start=300)
    add(conn, 8, 8, ["panne géante"], start=400)
    rows = trending(conn, WEEK)
    assert [r["value"] for r in rows] == ["panne géante"]
    assert rows[0]["mentions"] == 8 and rows[0]["previous"] == 0 and rows[0]["change"] is None


def test_brand_filter_and_minimum(conn):
    add(conn, 5, 8, ["grève"], brand="Autre", start=0)
    add(conn, 2, 8, ["appli"], start=100)
    assert trending(conn, replace(WEEK, brands=("Exemplo",))) == []
    assert trending(conn, replace(WEEK, brands=("Autre",))) == []  # nothing before: every theme would be « new »
    add(conn, dq.MIN_BASE - 1, 1, ["tarifs"], brand="Autre", start=500)
    assert trending(conn, replace(WEEK, brands=("Autre",))) == []  # too little before to compare with
    add(conn, 1, 1, ["tarifs"], brand="Autre", start=600)
    assert [r["value"] for r in trending(conn, replace(WEEK, brands=("Autre",)))] == ["grève"]
    assert trending(conn, dq.Filters(start="2026-11-15", end="2026-11-21")) == []  # nothing in the period


def test_the_spellings_of_a_theme_are_counted_together_and_drilled_into_together(conn):
    # `Édouard Philippe` and `Edouard Philippe` are one person on the Thèmes page, shown as most often written.
    sync_source(conn, "s", "rss", {})
    spellings = ["Édouard Philippe"] * 3 + ["Edouard Philippe"] * 2 + ["EDOUARD PHILIPPE"]
    mentions = [Mention(id=f"p{i}", platform="rss", source="s", text="x", brands=["Exemplo"],
                        published_at="2026-11-09T12:00:00Z") for i in range(len(spellings))]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "negative" if i == 0 else "neutral", 0.0, topics=[("PER", v, 1.0)])
                               for i, (m, v) in enumerate(zip(mentions, spellings, strict=True))])
    [row] = dq.top_topics(dq.topic_counts(conn, WEEK), ("PER",))
    assert (row["value"], row["mentions"], row["negative"]) == ("Édouard Philippe", 6, 1)
    assert set(row["variants"]) == set(spellings) and row["variants"][0] == "Édouard Philippe"
    page = dq.list_mentions(conn, WEEK, topic=("PER", *row["variants"]), limit=20)["rows"]
    assert sorted(r["id"] for r in page) == sorted(m.id for m in mentions)
    add(conn, dq.MIN_BASE, 2, ["tarifs"], start=900)  # mentions the week before, to compare with
    [rising] = trending_any(conn)
    assert rising["value"] == "Édouard Philippe" and rising["mentions"] == 6
    assert dq.top_topics(dq.topic_counts(conn, WEEK), ("PER",), exclude=["edouard philippe"]) == []


def trending_any(conn) -> list[dict]:
    return dq.trending_topics(dq.topic_counts(conn, WEEK), dq.topic_counts(conn, WEEK.previous()), ("PER",))


def test_keyphrases_that_differ_by_an_accent_are_two_themes(conn):
    add(conn, 3, 9, ["marché"], start=0)  # the tagger writes keyphrases in lower case: an accent makes another word
    add(conn, 2, 9, ["marche"], start=100)
    rows = dq.top_topics(dq.topic_counts(conn, WEEK), ("keyphrase",))
    assert [(r["value"], r["mentions"]) for r in rows] == [("marché", 3), ("marche", 2)]


def test_a_name_is_one_theme_whatever_kind_each_mention_gave_it(conn):
    # The entity recognizer calls `Macron` a person in most mentions and an organisation in some; a campaign is
    # `#PanneOrbelle` in posts and `Panne Orbelle` in articles: one theme each, drilled into as one.
    sync_source(conn, "s", "rss", {})
    topics = [("PER", "Macron")] * 3 + [("ORG", "Macron")] * 2 + [("HASHTAG", "#PanneOrbelle")] * 2 + [
        ("MISC", "Panne Orbelle")]
    mentions = [Mention(id=f"k{i}", platform="rss", source="s", text="x", brands=["Exemplo"],
                        published_at="2026-11-09T12:00:00Z") for i in range(len(topics))]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[(k, v, 1.0)])
                               for m, (k, v) in zip(mentions, topics, strict=True)])
    rows = dq.top_topics(dq.topic_counts(conn, WEEK), dq.ENTITY_KINDS)
    assert [(r["kind"], r["value"], r["mentions"]) for r in rows] == [("PER", "Macron", 5),
                                                                       ("HASHTAG", "#PanneOrbelle", 3)]
    assert rows[1]["variants"] == ("#PanneOrbelle", "Panne Orbelle")
    for row, ids in ((rows[0], {"k0", "k1", "k2", "k3", "k4"}), (rows[1], {"k5", "k6", "k7"})):
        page = dq.list_mentions(conn, WEEK, topic=(row["kind"], *row["variants"]), limit=20)["rows"]
        assert {r["id"] for r in page} == ids


def test_a_theme_is_shown_as_its_most_frequent_spelling_over_every_kind(conn):
    sync_source(conn, "s", "rss", {})
    topics = [("PER", "Macron")] * 3 + [("ORG", "Macron")] * 3 + [("PER", "MACRON")] * 4
    mentions = [Mention(id=f"s{i}", platform="rss", source="s", text="x", brands=["Exemplo"],
                        published_at="2026-11-09T12:00:00Z") for i in range(len(topics))]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[(k, v, 1.0)])
                               for m, (k, v) in zip(mentions, topics, strict=True)])
    [row] = dq.top_topics(dq.topic_counts(conn, WEEK), dq.ENTITY_KINDS)
    assert (row["kind"], row["value"], row["variants"], row["mentions"]) == ("PER", "Macron", ("Macron", "MACRON"), 10)


def tag_people(conn, names: list[str], day: int = 9, start: int = 0, kind: str = "PER") -> list[Mention]:
    """One mention per name, published on `day`, tagged with that name (a person by default)."""
    sync_source(conn, "s", "rss", {})
    mentions = [Mention(id=f"n{start + i}", platform="rss", source="s", text="x", brands=["Exemplo"],
                        published_at=f"2026-11-{day:02d}T12:00:00Z") for i in range(len(names))]
    save_batch(conn, "s", "t", Batch(mentions, {}), utcnow(), None)
    save_tags(conn, "a", "1", [Tags(m.id, "fr", "neutral", 0.0, topics=[(kind, v, 1.0)])
                               for m, v in zip(mentions, names, strict=True)])
    return mentions


def test_a_surname_alone_joins_the_full_name_it_ends(conn):
    # Real press: `Macron` in 11 mentions, `Emmanuel Macron` in 7, `Brigitte Macron` in 1 were three themes; the
    # pages count (mention, brand) pairs, where `Emmanuel Macron` held 6 of 8: two thirds are enough.
    mentions = tag_people(conn, ["Emmanuel Macron"] * 5 + ["Macron"] * 4 + ["Brigitte Macron"] * 2
                          + ["Marine Le Pen"] * 2 + ["Jean-Marie Le Pen"] * 2 + ["Le Pen"] * 3)
    rows = {r["value"]: r for r in dq.top_topics(dq.topic_counts(conn, WEEK), ("PER",))}
    assert {v: r["mentions"] for v, r in rows.items()} == {
        "Emmanuel Macron": 9, "Brigitte Macron": 2, "Marine Le Pen": 2, "Jean-Marie Le Pen": 2, "Le Pen": 3}
    assert rows["Emmanuel Macron"]["variants"] == ("Emmanuel Macron", "Macron")
    page = dq.list_mentions(conn, WEEK, topic=("PER", *rows["Emmanuel Macron"]["variants"]), limit=20)["rows"]
    assert {r["id"] for r in page} == {m.id for m in mentions[:9]}
    # the watched brand `Macron` hides its theme, however its mentions write it
    assert "Emmanuel Macron" not in {r["value"] for r in dq.top_topics(dq.topic_counts(conn, WEEK), ("PER",),
                                                                       exclude=["Macron"])}


def test_a_joined_surname_is_counted_in_the_previous_period_too(conn):
    # the previous week wrote only `Macron` (no full name to join): it is the same theme, not a new one
    tag_people(conn, ["Macron"] * 6, day=2)
    tag_people(conn, ["Emmanuel Macron"] * 3 + ["Macron"] * 3, day=9, start=100)
    assert dq.trending_topics(dq.topic_counts(conn, WEEK), dq.topic_counts(conn, WEEK.previous()), ("PER",)) == []


def test_an_acronym_joins_the_name_it_stands_for(conn):
    # Real press: `UE` in 19 mentions and `Union européenne` in 5 were two themes.
    tag_people(conn, ["UE"] * 4 + ["Union européenne"] * 2 + ["LFI"] * 2 + ["La France insoumise"] * 2
               + ["CE"] * 3 + ["Commission européenne", "Conseil européen"] + ["SD", "Synology DS215j"], kind="ORG")
    rows = {r["value"]: r for r in dq.top_topics(dq.topic_counts(conn, WEEK), ("ORG",))}
    assert rows["Union européenne"]["mentions"] == 6 and rows["Union européenne"]["variants"] == ("Union européenne",
                                                                                                   "UE")
    assert rows["La France insoumise"]["mentions"] == 4  # the initials of its words, its article included
    assert {"CE", "SD"} <= set(rows)  # two names fit `CE`, none of them most of the time; `DS215j` is not a word


def test_short_forms_join_only_a_name_that_earns_them(conn):
    tag_people(conn, ["PS"] * 10 + ["Pays Savoyard"], kind="ORG")  # one chance owner does not take a frequent acronym
    tag_people(conn, ["PC"] * 3, kind="MISC", start=100)
    add(conn, 2, 9, ["prise en charge"], start=200)  # a keyphrase is no one's full name
    rows = {r["value"]: r["mentions"] for r in dq.top_topics(dq.topic_counts(conn, WEEK), ("ORG", "MISC", "keyphrase"))}
    assert rows == {"PS": 10, "Pays Savoyard": 1, "PC": 3, "prise en charge": 2}


def test_a_middle_form_leaves_the_surname_to_the_full_name(conn):
    # longest first: `De Gaulle` joins `Charles de Gaulle`, then `Gaulle` has one owner left
    tag_people(conn, ["Charles de Gaulle"] * 9 + ["De Gaulle"] * 5 + ["Gaulle"] * 2)
    [row] = dq.top_topics(dq.topic_counts(conn, WEEK), ("PER",))
    assert (row["value"], row["mentions"]) == ("Charles de Gaulle", 16)


def test_the_previous_period_counts_a_short_form_it_joined(conn):
    # last week `Le Pen` joined `Marine Le Pen`; this week two full names share it, so it stands alone: not new
    tag_people(conn, ["Marine Le Pen"] * 20 + ["Le Pen"] * 10, day=2)
    tag_people(conn, ["Marine Le Pen"] * 5 + ["Jean-Marie Le Pen"] * 5 + ["Le Pen"] * 10, day=9, start=100)
    rising = dq.trending_topics(dq.topic_counts(conn, WEEK), dq.topic_counts(conn, WEEK.previous()), ("PER",))
    assert [r["value"] for r in rising] == ["Jean-Marie Le Pen"]  # the one new name; `Le Pen` had 10 mentions
