"""The sentence that says what changed for the own brand."""

from __future__ import annotations

from presentation import summary


def figures(**kw):
    base = {"mentions": 117, "mentions_change": 17.0, "negative": 40, "negative_change": 42.0, "comparable": True,
            "previous": {"negative": 28}}
    return {**base, **kw}


def test_a_rise_is_said_with_where_it_happened_and_the_alerts() -> None:
    text = summary.what_changed({"figures": figures(), "category": {"value": "customer_service"},
                                 "platform": {"value": "x"}, "open_alerts": 3, "new_alerts": 1})
    assert text == ("Volume +17\u202f%, négatif en hausse (+42\u202f%), surtout sur « Service client » et sur "
                    "X (Twitter), 3 alertes ouvertes (1 déclenchée sur la période).")


def test_stable_and_quiet() -> None:
    text = summary.what_changed({"figures": figures(mentions_change=-3.2, negative_change=4.0), "category": None,
                                 "platform": None, "open_alerts": 0, "new_alerts": 0})
    assert text == "Volume \u22123\u202f%, négatif stable, aucune alerte ouverte."


def test_without_a_base_to_compare_with() -> None:
    text = summary.what_changed({"figures": figures(mentions=12, mentions_change=None, negative=2, negative_change=None,
                                                    comparable=False, previous={"negative": 0}),
                                 "category": None, "platform": None, "open_alerts": 1, "new_alerts": 0})
    assert text == ("12 mentions sur la période, négatif : 2 mentions (trop peu de mentions avant pour comparer), "
                    "1 alerte ouverte.")


def test_why_no_theme_is_said_to_rise() -> None:
    assert summary.no_rising_themes(0, 20) == "Aucune mention avant cette période : pas de thème en hausse à comparer."
    assert summary.no_rising_themes(3, 20) == ("Seulement 3 mentions sur la période précédente, moins de 20 : trop peu "
                                               "pour dire quels thèmes montent.")


def test_an_alert_value_is_a_share_in_per_cent_or_a_whole_count() -> None:
    assert summary.alert_value("negative_share", 0.823) == "82\u202f%"
    assert summary.alert_value("negative_volume", 1234.4) == "1\u202f234"
