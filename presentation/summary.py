"""Sentences a communicator reads first: what changed for a brand against the previous period.

Built from `storage.dashboard_queries.what_changed`; shared by the dashboard's overview and `veille report`.
"""

from __future__ import annotations

from typing import Any

from presentation import labels, numbers

STABLE_PCT = 10  # a change of the negative volume within ±10 % reads "stable"


def _negative(figures: dict[str, Any]) -> str:
    before, now = figures["previous"]["negative"], figures["negative"]
    change = figures["negative_change"]
    if change is None:
        return f"négatif : {numbers.mentions(now)}" + ("" if figures["comparable"] else
                                                       " (trop peu de mentions avant pour comparer)")
    if before == 0:
        return f"négatif : {numbers.mentions(now)} (aucune la période précédente)"
    if abs(change) < STABLE_PCT:
        return "négatif stable"
    return f"négatif en {'hausse' if change > 0 else 'baisse'} ({numbers.percent(change, 0, sign=True)})"


def what_changed(data: dict[str, Any]) -> str:
    """« Volume +17 %, négatif en hausse (+42 %), surtout sur « Service client » et sur X (Twitter), 3 alertes
    ouvertes (1 déclenchée sur la période). »"""
    figures = data["figures"]
    if figures["mentions_change"] is not None:
        volume = f"Volume {numbers.percent(figures['mentions_change'], 0, sign=True)}"
    else:
        volume = f"{numbers.mentions(figures['mentions']).capitalize()} sur la période"
    negative = _negative(figures)
    where = []
    if data.get("category"):
        where.append(f"« {labels.category(data['category']['value'])} »")
    if data.get("platform"):
        where.append(labels.platform(data["platform"]["value"]))
    if where:
        lead = ", surtout sur " if "hausse" in negative or negative.startswith("négatif :") else ", en hausse sur "
        negative += lead + " et sur ".join(where)
    opened = data["open_alerts"]
    alerts = (f"{numbers.count(opened, 'alerte ouverte', 'alertes ouvertes')}" if opened else "aucune alerte ouverte")
    if data.get("new_alerts"):
        alerts += f" ({numbers.count(data['new_alerts'], 'déclenchée', 'déclenchées')} sur la période)"
    return f"{volume}, {negative}, {alerts}."


def no_rising_themes(before: int, minimum: int) -> str:
    """Why no theme is said to rise: `before` mentions in the previous period, fewer than `minimum`."""
    if not before:
        return "Aucune mention avant cette période : pas de thème en hausse à comparer."
    return (f"Seulement {numbers.mentions(before)} sur la période précédente, moins de {numbers.number(minimum)} : "
            "trop peu pour dire quels thèmes montent.")


def alert_value(metric: str, value: float) -> str:
    """An alert's observed or expected value as a reader says it: a share in per cent, a count whole."""
    return numbers.percent(100 * value, 0) if metric == "negative_share" else numbers.number(value)


def alert_figures(alert: dict[str, Any]) -> str:
    """Observed against expected, severity and window, in words."""
    seen, usual = alert_value(alert["metric"], alert["observed"]), alert_value(alert["metric"], alert["expected"])
    return (f"Observé : {seen} · attendu : {usual} · sévérité {numbers.number(alert['severity'], 1)} · "
            f"du {labels.moment(alert['window_start'])} au {labels.moment(alert['window_end'])}")
