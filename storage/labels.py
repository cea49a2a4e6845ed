"""The one definition of every label list: sentiments, share motivations (with their bit), categories, emotions.

Everything else reads these: the tagger, the commands, the dashboard queries, the `labels` lookup table of
migration 0140 (generated from here by `storage.rollup_sql`, and compared with it by the tests). The French
names live in `presentation/labels.py`, keyed by the same codes (a test checks both cover the same keys):
`presentation` may not import `storage`. The CHECK constraints of migration 0001 list the same values; a new
label needs a new migration that rebuilds those tables (shipped migrations are never edited).
"""

from __future__ import annotations

# What the model and a user's correction give (the CHECK of `mention_tags`, `brand_sentiments`,
# `sentiment_overrides`), in the analyst's order.
SENTIMENTS = ("positive", "neutral", "negative")
# A mitigated opinion (praise and blame, no winner): stored as MIXED_STORED_AS with `mixed` = 1 (migration 0120);
# the dashboard summaries count it as a sentiment of its own, MIXED (migration 0121).
MIXED = "mixed"
MIXED_STORED_AS = "neutral"
# The dashboard's sentiments, from best to worst: mixed sits between neutral and negative.
SHOWN_SENTIMENTS = ("positive", "neutral", MIXED, "negative")

# Why the author shared (docs/motivations.md, after Ogilvy 2014 / Ipsos 2013). The order is the order of the learned
# model's columns and of every list shown; `dash_facts.motivations` is a bit mask, bit i for motivation i.
MOTIVATIONS = ("cause", "connection", "information", "entertainment", "identity", "recommendation")
MOTIVATION_BITS = {name: 1 << i for i, name in enumerate(MOTIVATIONS)}

# The e-reputation taxonomy (`mention_topics` rows of kind `category`); cue words in `analysis/taxonomy.py`.
CATEGORIES = ("customer_service", "price", "product_quality", "delivery", "ethics", "employer", "leadership",
              "innovation")

# FEEL's six emotions, in the order of the flags in `analysis/data/feel_fr.tsv.gz`.
EMOTIONS = ("joy", "fear", "sadness", "anger", "surprise", "disgust")

# dim → labels: the rows of the `labels` lookup table (position = index in the tuple).
LABEL_LISTS: dict[str, tuple[str, ...]] = {
    "sentiment": SHOWN_SENTIMENTS, "motivation": MOTIVATIONS, "category": CATEGORIES, "emotion": EMOTIONS,
}


def lookup_rows() -> list[tuple[str, str, int, int | None, str | None]]:
    """(dim, label, position, bit, stored_as) of every label: what the `labels` table holds."""
    rows = []
    for dim, names in LABEL_LISTS.items():
        for position, name in enumerate(names):
            stored_as = (MIXED_STORED_AS if name == MIXED else name) if dim == "sentiment" else None
            rows.append((dim, name, position, MOTIVATION_BITS.get(name) if dim == "motivation" else None, stored_as))
    return rows
