"""Alertes: open, acknowledged and resolved alerts with their explanation; acknowledge or resolve them.

Notifications link here as `/alertes?alert=<id>`: that alert is shown first, expanded.
"""

import streamlit as st

from dashboard import data, filters, ui
from presentation import frames, labels, numbers, tables
from storage.alerts import MAX_ID, AlertError

TABS = {"open": "Ouvertes", "acknowledged": "Prises en compte", "resolved": "Résolues"}
TAB_KEY = "alert_tab"  # the tab label last shown; its count changes when an alert moves


def tab_labels(counts: dict[str, int]) -> dict[str, str]:
    """Status → its tab's label, with its count."""
    return {status: f"{name} ({counts[status]})" for status, name in TABS.items()}


def shown_tab(now: dict[str, str], shown: str | None) -> str | None:
    """The label of the tab the reader was on (`shown`: its label then, with the count of then), with today's count:
    an action changes the counts, hence the labels, and Streamlit would fall back to the first tab (« Ouvertes (0) »
    after resolving an alert from « Prises en compte »: the alert seemed gone)."""
    return next((now[s] for s, name in TABS.items() if shown and shown.startswith(f"{name} (")), None)


def linked_id(text: str) -> int | None:
    """The alert id of a `?alert=` link, or None when the text cannot be one (26 digits used to raise OverflowError)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def describe(alert: dict) -> str:
    metric = labels.ALERT_METRICS.get(alert["metric"], alert["metric"])
    return f"{alert['brand']} · {metric} · {labels.moment(alert['window_start'])}"


def influential(alerts: list[dict]) -> dict[str, dict]:
    """The most influential mentions of these alerts, as they are now (author, sentiment…), in one query."""
    ids = [m["id"] for a in alerts for m in (a.get("explanation") or {}).get("mentions", []) if m.get("id")]
    return {r["id"]: r for r in data.mentions_by_id(list(dict.fromkeys(ids)))}


def show(alert: dict, key: str, mentions_now: dict[str, dict], expanded: bool = False) -> None:
    """One alert: figures, what rose, the most influential mentions, and the lifecycle buttons."""
    status = labels.ALERT_STATUSES.get(alert["status"], alert["status"])
    with st.expander(f"{describe(alert)} — {status}", expanded=expanded):
        st.text(ui.alert_figures(alert))
        explanation = alert.get("explanation") or {}
        rising = frames.alert_drivers(explanation)
        negative = alert["metric"] != "volume"
        if not rising.empty:
            st.markdown("**Ce qui a fait monter l'alerte**")
            st.caption(("Mentions négatives" if negative else "Mentions") + " de la fenêtre de l'alerte qui portent ce "
                       "thème, comparées à ce que la semaine précédente laissait attendre au même volume.")
            st.dataframe(tables.french(rising, {"Mentions": numbers.number, "Attendu": numbers.number}),
                         hide_index=True, width="stretch")
        mentions = [mentions_now[m["id"]] for m in explanation.get("mentions", []) if m.get("id") in mentions_now]
        if mentions:
            st.markdown("**Les mentions les plus influentes**")
            ui.mention_list(mentions, key=f"alert-mentions-{key}", brand=alert["brand"])
        if rising.empty and not mentions:
            st.caption("Pas d'explication enregistrée pour cette alerte.")
        notified = alert.get("notifications") or {}
        if notified:
            st.caption("Notifications : " + ", ".join(f"{channel} ({state})" for channel, state in notified.items()))
        actions = st.columns(3)
        if alert["status"] == "open" and actions[0].button("Prendre en compte", key=f"ack-{key}", type="primary"):
            act(alert, "acknowledged")
        if alert["status"] != "resolved" and actions[1].button("Résoudre", key=f"resolve-{key}"):
            act(alert, "resolved")
        if alert["status"] != "open":
            when = alert.get("resolved_at") or alert.get("acknowledged_at")
            actions[2].caption(f"{status} le {labels.moment(when)}" if when else status)


def act(alert: dict, status: str) -> None:
    """Set the alert's status; the toast names it as its expander does (its number is shown nowhere)."""
    try:
        data.set_alert_status(alert["id"], status)
    except AlertError as exc:
        st.error(str(exc))
        return
    ui.notify_and_rerun(f"{ui.plain_markdown(describe(alert))} : {labels.ALERT_STATUSES[status].lower()}.")


st.title("Alertes")
if ui.require("schema"):
    f = filters.current()
    wanted = st.query_params.get("alert")
    if wanted:
        alert_id = linked_id(wanted)
        alert = None if alert_id is None else data.get_alert(alert_id)
        if alert is None:  # the raw parameter is never echoed: a link is attacker-controlled text
            number = f" n° {alert_id}" if alert_id is not None else ""
            st.warning(f"Alerte introuvable : le lien désigne l'alerte{number}, qui n'existe pas (ou plus) dans "
                       "cette base. Les alertes existantes sont listées ci-dessous.")
        else:
            st.subheader("Alerte signalée")
            show(alert, key=f"linked-{alert['id']}", mentions_now=influential([alert]), expanded=True)

    counts = {s: data.count_alerts(status=s, brands=f.brands) for s in TABS}
    labels_now = tab_labels(counts)
    tabs = st.tabs(list(labels_now.values()), key=TAB_KEY, on_change="rerun",
                   default=shown_tab(labels_now, st.session_state.get(TAB_KEY)))
    st.caption("Toutes les périodes ; seules les marques choisies dans la barre latérale sont affichées.")
    for (status, _name), tab in zip(TABS.items(), tabs, strict=True):
        with tab:
            alerts = data.list_alerts(status=status, brands=f.brands, limit=100)
            if not alerts:
                st.caption("Aucune alerte. Elles sont levées par `veille run` (ou `veille alerts`) quand le volume "
                           "ou la part de mentions négatives s'envole par rapport à l'habitude (même heure, même jour).")
            mentions_now = influential(alerts)
            for alert in alerts:
                show(alert, key=f"{status}-{alert['id']}", mentions_now=mentions_now)
            if counts[status] > len(alerts):
                st.caption(f"Les {len(alerts)} plus récentes sur {counts[status]}.")
