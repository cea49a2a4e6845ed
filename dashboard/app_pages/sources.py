"""Sources: collector health for operators — last run, status, errors, next attempt, volume."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard import charts, data, labels, ui

st.title("Sources")
st.caption("La santé des collecteurs, comme `veille sources` en ligne de commande.")
if ui.require("schema"):
    health = data.source_health()
    if not health:
        st.info("Aucune source enregistrée : déclarez vos flux et comptes dans `veille.toml`, puis lancez "
                "`veille collect` (ou `veille run` depuis cron).\n" + ui.HOW_TO_COLLECT)
        st.stop()
    failing = [h for h in health if h["status"] in ("failed", "partial", "rate_limited", "warning")]
    cols = st.columns(3)
    cols[0].metric("Sources", len(health), border=True)
    cols[1].metric("En difficulté", len(failing), border=True,
                   help="En échec, partielles (des adresses en échec), en avertissement ou en attente d'une limite "
                        "d'API.")
    last = max((h["last_run_at"] for h in health if h["last_run_at"]), default=None)
    cols[2].metric("Dernière collecte", labels.ago(last), border=True, help=labels.moment(last) if last else None)

    since = (datetime.now(UTC) - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    stats = {r["source"]: r for r in data.query("fetch_summary", since)}
    st.dataframe(pd.DataFrame([{
        "Source": h["name"], "Type": labels.platform(h["type"]),
        "État": labels.SOURCE_STATUSES.get(h["status"], h["status"]),
        "Dernière collecte": labels.ago(h["last_run_at"]), "Dernier succès": labels.ago(h["last_success_at"]),
        "Prochaine tentative": labels.moment(h["next_attempt_at"]) if h["next_attempt_at"] else "au prochain passage",
        "Collectes 24 h (échecs)": f"{stats.get(h['name'], {}).get('fetches', 0)} "
                                  f"({stats.get(h['name'], {}).get('failures', 0)})",
        "Mentions 24 h": h["mentions_24h"], "Mentions au total": h["mentions_total"],
        "Adresses en échec": ", ".join(t["target"] for t in h["target_errors"]),
        "Dernière erreur": h["last_error"] or "",
    } for h in health]), hide_index=True, width="stretch", column_config={
        "Mentions au total": st.column_config.NumberColumn(format="localized"),
        "Dernière erreur": st.column_config.TextColumn(width="large")})

    activity = pd.DataFrame(data.query("fetch_activity", (datetime.now(UTC) - timedelta(days=2))
                                       .strftime("%Y-%m-%dT%H:%M:%SZ")))
    if not activity.empty:
        st.subheader("Nouvelles mentions par heure (48 h)")
        activity["bucket"] = pd.to_datetime(activity["hour"], utc=True).dt.tz_convert(labels.PARIS).dt.tz_localize(None)
        activity = activity.rename(columns={"source": "brand", "new_mentions": "mentions"})
        st.altair_chart(charts.volume_lines(activity, sorted(activity["brand"].unique()), "hour",
                                            title="Nouvelles mentions", series_title="Source"), width="stretch")

    st.subheader("Dernières collectes")
    names = [h["name"] for h in health]
    chosen = st.selectbox("Source", [None, *names], format_func=lambda n: "Toutes" if n is None else n,
                          key="sources_choix")
    fetches = data.query("recent_fetches", chosen, limit=100)
    st.dataframe(pd.DataFrame([{
        "Début": labels.moment(r["started_at"]), "Source": r["source"], "Cible": r["target"],
        "Résultat": labels.FETCH_STATUSES.get(r["status"], r["status"]), "HTTP": r["http_status"],
        "Éléments": r["items"], "Nouvelles": r["new_mentions"], "Erreur": r["error"] or ""}
        for r in fetches]), hide_index=True, width="stretch")
