"""Vue d'ensemble: the key figures against the previous period, the curves, the latest alerts."""

import streamlit as st

from dashboard import charts, data, filters, frames, labels, ui

st.title("Vue d'ensemble")
if ui.require("mentions"):
    f = filters.current()
    options = data.query("filter_options")
    own = options["own"]
    current, previous = data.query("brand_totals", f), data.query("brand_totals", f.previous())
    k = frames.kpis(current, previous, own, f.brands)
    st.caption(f"Du {labels.day(f.start)} au {labels.day(f.end)}, comparé aux {f.days} jours précédents.")

    since, until = f.time_range
    open_alerts = data.query("count_alerts", status="open", brands=f.brands)
    raised = data.query("count_alerts", brands=f.brands, since=since, until=until)
    raised_before = data.query("count_alerts", brands=f.brands, since=f.previous().time_range[0], until=since)

    cols = st.columns(5)
    cols[0].metric("Mentions", labels.number(k["now"]["mentions"]), ui.metric_delta(k["mentions_change"]),
                   help="Mentions des marques sélectionnées ; une mention qui cite deux marques compte pour chacune.",
                   border=True, height="stretch")
    cols[1].metric("Audience estimée", labels.compact(k["now"]["reach"]), ui.metric_delta(k["reach_change"]),
                   help="Abonnés de l'auteur + 100 par partage + mentions J'aime et réponses ; 1 000 pour un article.",
                   border=True, height="stretch")
    net = k["now"]["net"]
    cols[2].metric("Sentiment net", "—" if net is None else f"{net:+.0f}".replace("-", "−"),
                   ui.metric_delta(k["net_change"], "pts"),
                   help="% de mentions positives − % de négatives, parmi les mentions analysées (de −100 à +100).",
                   border=True, height="stretch")
    share = k["now"]["share"]
    cols[3].metric("Part de voix", labels.percent(share), ui.metric_delta(k["share_change"], "pts"),
                   help=f"Part des mentions de {own} (votre marque) parmi les marques sélectionnées." if own else
                   "Déclarez votre marque avec `own = true` dans veille.toml pour suivre sa part de voix.",
                   border=True, height="stretch")
    cols[4].metric("Alertes ouvertes", labels.number(open_alerts), f"{raised} levées", delta_color="off",
                   delta_arrow="off", border=True, height="stretch",
                   help=f"Alertes ouvertes aujourd'hui. {raised} alertes levées sur la période, {raised_before} "
                        "sur la précédente.")
    if not k["comparable"]:
        st.caption(f"Pas d'évolution affichée : moins de {frames.MIN_BASE} mentions sur la période précédente.")

    if k["now"]["mentions"] == 0:
        ui.nothing_in_period()
    else:
        brands = options["brands"]
        grain = "day" if f.days <= 120 else "week"
        series = frames.series_frame(data.query("series", f, grain), grain)
        volumes = frames.per_brand(series)
        left, right = st.columns([3, 2])
        with left:
            st.subheader("Volume par marque")
            markers = frames.alert_frame(data.query("alert_markers", f), volumes, grain)
            st.altair_chart(charts.volume_lines(volumes, brands, grain, alerts=markers), width="stretch")
        with right:
            st.subheader("Sentiment par marque")
            split = frames.sentiment_split(current, "brand")
            st.altair_chart(charts.sentiment_bars(split, "brand", "Marque"), width="stretch")

    st.subheader("Dernières alertes")
    latest = data.list_alerts(brands=f.brands, limit=5)
    if not latest:
        st.caption("Aucune alerte pour ces marques. Les alertes sont levées par `veille run` (ou `veille alerts`) "
                   "quand le volume ou la part de négatif s'envole.")
    for alert in latest:
        with st.container(border=True):
            a, b = st.columns([4, 1])
            a.markdown(f"**{labels.ALERT_METRICS.get(alert['metric'], alert['metric'])}** · "
                       f"{labels.ALERT_STATUSES.get(alert['status'], alert['status'])} · "
                       f"{labels.moment(alert['window_start'])}")
            a.text(f"Marque : {alert['brand']} · {ui.alert_figures(alert)}")
            b.page_link("app_pages/alerts.py", label="Voir l'alerte", icon=":material/arrow_forward:",
                        query_params={"alert": str(alert["id"])})
