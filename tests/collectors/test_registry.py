"""The collectors' registry: every platform module is found on its own, and its names reach the dashboard."""

from __future__ import annotations

import pytest

from collectors.base import Collector, CollectorError, SourceConfig
from collectors.registry import COLLECTORS, labels
from presentation import labels as shown


def test_every_platform_module_is_registered_by_its_type() -> None:
    assert set(COLLECTORS) == {"rss", "x", "mastodon", "bluesky", "reddit"}
    for kind, cls in COLLECTORS.items():
        assert issubclass(cls, Collector) and cls.name == kind
        assert cls.label and cls.short_label and cls.SETTINGS, f"{cls.__name__}: label, short_label, SETTINGS"
        assert set(cls.ADDRESS_SETTINGS) <= set(cls.SETTINGS)


def test_the_dashboard_shows_the_collectors_own_names() -> None:
    # The dashboard and `veille report` may not import the collectors (docs/architecture.md): their copy of the
    # names must be the classes' `label` / `short_label`; a new platform adds its line to presentation/labels.py.
    assert shown.PLATFORMS == labels(), "presentation/labels.py: PLATFORMS ≠ the collectors' `label`"
    assert shown.PLATFORMS_SHORT == labels(short=True), "presentation/labels.py: PLATFORMS_SHORT ≠ `short_label`"


def test_defaults_are_filled_once_by_the_base_class() -> None:
    for kind, cls in COLLECTORS.items():
        settings = {"mastodon": {"instance": "https://mastodon.example"}, "rss": {"url": "flux.xml"}}.get(kind, {})
        collector = cls(SourceConfig("s", kind, settings))
        expected = {k: s.default for k, s in cls.SETTINGS.items() if s.default is not None}
        assert {k: getattr(collector.settings, k) for k in expected} == expected


def test_a_config_built_in_code_is_checked_like_a_loaded_one() -> None:
    with pytest.raises(CollectorError, match="`limt` : clé inconnue. Clés possibles : .*limit"):
        COLLECTORS["bluesky"](SourceConfig("b", "bluesky", {"limt": 3}))
    with pytest.raises(CollectorError, match="source « m » : `instance` : clé obligatoire manquante"):
        COLLECTORS["mastodon"](SourceConfig("m", "mastodon", {}))
    with pytest.raises(CollectorError, match="source « r » : clé manquante : indiquez `url` ou `urls`"):
        COLLECTORS["rss"](SourceConfig("r", "rss", {}))
    with pytest.raises(CollectorError, match="source « r » : `url` et `urls` à la fois"):
        COLLECTORS["rss"](SourceConfig("r", "rss", {"url": "a.xml", "urls": ["b.xml"]}))
