"""Hostile or odd input typed or linked into the dashboard gets a French answer, never a traceback (issue 12)."""

from __future__ import annotations

import pytest

from tests.dashboard.test_app import no_exception, texts


@pytest.mark.parametrize("value", ["9" * 26, "-1", "0", "abc", "1.5", "²", "١٢", "1e3", " ", "[x](javascript:alert(1))"])
def test_an_alert_link_that_cannot_be_an_alert_says_alerte_introuvable(app, populated_db, value) -> None:
    at = app(populated_db, "alerts", query={"alert": value})
    no_exception(at)  # 26 digits used to raise OverflowError on the page
    warning = texts(at.warning)
    assert warning.startswith("Alerte introuvable")
    assert "javascript" not in warning and "²" not in warning  # the link's text is never echoed


def test_a_deeply_nested_search_is_a_french_error(app, populated_db) -> None:
    at = app(populated_db, "mentions", query={"periode": "12 derniers mois"})
    at.text_input(key="q").input("(" * 200 + "panne" + ")" * 200).run()
    no_exception(at)  # a RecursionError used to show a traceback with the server's paths
    assert "plus de 32 parenthèses imbriquées" in texts(at.error)
