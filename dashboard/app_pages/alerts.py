"""Alertes: open, acknowledged and resolved alerts with their explanation; acknowledge or resolve them.

Notifications link here as `/alertes?alert=<id>`: that alert is shown first, expanded.
"""

import pandas as pd
import streamlit as st

from dashboard import data, filters, frames, labels, ui
from storage.alerts import MAX_ID, AlertError

TABS = {"open": "Ouvertes", "acknowledged": "Prises en compte", "resolved": "Résolues"}


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


def show(alert: dict, key: str, expanded: bool = False) -> None:
    """One alert: figures, what rose, the most influential mentions, and the lifecycle buttons."""
    status = labels.ALERT_STATUSES.get(alert["status"], alert["status"])
    with st.expander(f"{describe(alert)} — {status}", expanded=expanded):
        st.text(ui.alert_figures(alert))
        explanation = alert.get("explanation") or {}
        rising = explanation.get("terms", []) + explanation.get("categories", [])
        if rising:
            st.markdown("**Ce qui a fait monter l'alerte** (comparé à la période de référence)")
            st.dataframe(pd.DataFrame([{
                "Thème": labels.topic(t.get("kind", ""), str(t.get("value", ""))),
                "Type": labels.TOPIC_KINDS.get(t.get("kind", ""), "Mot"),
                "Mentions": t.get("count"), "Attendu": t.get("expected")} for t in rising]),
                hide_index=True, width="stretch")
        mentions = explanation.get("mentions", [])
        if mentions:
            st.markdown("**Les mentions les plus influentes**")
            st.dataframe(pd.DataFrame([{
                "Date": labels.moment(m.get("published_at")), "Plateforme": labels.platform(m.get("platform") or ""),
                "Texte": ((m.get("title") or "") + " — " if m.get("title") else "") + (m.get("text") or ""),
                "Audience": m.get("reach"), "Sentiment": labels.sentiment(m.get("sentiment")),
                "Lien": frames.safe_url(m.get("url"))} for m in mentions]), hide_index=True, width="stretch",
                column_config={"Lien": st.column_config.LinkColumn("Lien", display_text="ouvrir"),
                               "Texte": st.column_config.TextColumn(width="large")})
        if not rising and not mentions:
            st.caption("Pas d'explication enregistrée pour cette alerte.")
        notified = alert.get("notifications") or {}
        if notified:
            st.caption("Notifications : " + ", ".join(f"{channel} ({state})" for channel, state in notified.items()))
        actions = st.columns(3)
        if alert["status"] == "open" and actions[0].button("Prendre en compte", key=f"ack-{key}", type="primary"):
            act(alert["id"], "acknowledged")
        if alert["status"] != "resolved" and actions[1].button("Résoudre", key=f"resolve-{key}"):
            act(alert["id"], "resolved")
        if alert["status"] != "open":
            when = alert.get("resolved_at") or alert.get("acknowledged_at")
            actions[2].caption(f"{status} le {labels.moment(when)}" if when else status)


def act(alert_id: int, status: str) -> None:
    try:
        data.set_alert_status(alert_id, status)
    except AlertError as exc:
        st.error(str(exc))
        return
    st.toast(f"Alerte {alert_id} : {labels.ALERT_STATUSES[status].lower()}.")
    st.rerun()


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
            show(alert, key=f"linked-{alert['id']}", expanded=True)

    counts = {s: data.query("count_alerts", status=s, brands=f.brands) for s in TABS}
    tabs = st.tabs([f"{name} ({counts[s]})" for s, name in TABS.items()])
    st.caption("Toutes les périodes ; seules les marques choisies dans la barre latérale sont affichées.")
    for (status, _name), tab in zip(TABS.items(), tabs, strict=True):
        with tab:
            alerts = data.list_alerts(status=status, brands=f.brands, limit=100)
            if not alerts:
                st.caption("Aucune alerte. Elles sont levées par `veille run` (ou `veille alerts`) quand le volume "
                           "ou la part de mentions négatives s'envole par rapport à l'habitude (même heure, même jour).")
            for alert in alerts:
                show(alert, key=f"{status}-{alert['id']}")
            if counts[status] > len(alerts):
                st.caption(f"Les {len(alerts)} plus récentes sur {counts[status]}.")
