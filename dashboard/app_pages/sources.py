"""Sources: collector health for operators — last run, status, errors, next attempt, volume."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import streamlit as st

from dashboard import data, ui
from presentation import charts, frames, labels, numbers, tables

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
    stats = {r["source"]: r for r in data.fetch_summary(since)}
    st.dataframe(tables.french(pd.DataFrame([{
        "Source": h["name"], "Type": labels.platform(h["type"]),
        "État": labels.SOURCE_STATUSES.get(h["status"], h["status"]),
        "Dernière collecte": labels.ago(h["last_run_at"]), "Dernier succès": labels.ago(h["last_success_at"]),
        "Prochaine tentative": labels.moment(h["next_attempt_at"]) if h["next_attempt_at"] else "au prochain passage",
        "Collectes 24 h (échecs)": f"{numbers.number(stats.get(h['name'], {}).get('fetches', 0))} "
                                  f"({numbers.number(stats.get(h['name'], {}).get('failures', 0))})",
        "Mentions 24 h": h["mentions_24h"], "Mentions au total": h["mentions_total"],
        "Adresses en échec": ", ".join(t["target"] for t in h["target_errors"]),
        "Dernière erreur": h["last_error"] or "",
    } for h in health]), {"Mentions 24 h": numbers.number, "Mentions au total": numbers.number}),
        hide_index=True, width="stretch", column_config={"Dernière erreur": st.column_config.TextColumn(width="large")})

    since = (datetime.now(UTC) - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    activity = pd.DataFrame(data.fetch_activity(since.strftime("%Y-%m-%dT%H:%M:%SZ")))
    if not activity.empty:
        st.subheader("Nouvelles mentions par heure (48 h)")
        activity["bucket"] = pd.to_datetime(activity["hour"], utc=True).dt.tz_convert(labels.PARIS).dt.tz_localize(None)
        activity = activity.rename(columns={"source": "brand", "new_mentions": "mentions"}).assign(reach=0)
        hours = pd.date_range(since, datetime.now(UTC), freq="h").tz_convert(labels.PARIS).tz_localize(None).unique()
        st.altair_chart(charts.volume_lines(frames.per_brand(activity, hours), sorted(activity["brand"].unique()),
                                            "hour", title="Nouvelles mentions", series_title="Source"), width="stretch")

    st.subheader("Dernières collectes")
    names = [h["name"] for h in health]
    chosen = st.selectbox("Source", [None, *names], format_func=lambda n: "Toutes" if n is None else n,
                          key="sources_choix")
    fetches = data.recent_fetches(chosen, limit=100)
    st.dataframe(tables.french(pd.DataFrame([{
        "Début": labels.moment(r["started_at"]), "Source": r["source"], "Cible": r["target"],
        "Résultat": labels.FETCH_STATUSES.get(r["status"], r["status"]),
        "HTTP": str(r["http_status"]) if r["http_status"] else None,
        "Éléments": r["items"], "Nouvelles": r["new_mentions"], "Erreur": r["error"] or ""}
        for r in fetches], columns=["Début", "Source", "Cible", "Résultat", "HTTP", "Éléments", "Nouvelles", "Erreur"]),
        {"Éléments": numbers.number, "Nouvelles": numbers.number}), hide_index=True, width="stretch")
