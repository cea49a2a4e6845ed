"""Vue d'ensemble: the user's own brand first — what changed, its key figures with the competitors' beside
them, the negative mentions to act on — then the curves and the latest alerts."""

from dataclasses import replace
from datetime import timedelta

import streamlit as st

from dashboard import data, filters, ui
from presentation import charts, frames, labels, numbers, summary

HOW_TO_DECLARE = """Aucune marque n'est déclarée comme la vôtre : la vue d'ensemble montre donc toutes les marques ensemble.
Pour suivre **votre** marque face à ses concurrents (ses chiffres, sa part de voix, ses mentions négatives à
traiter), ajoutez `own = true` sous elle dans `veille.toml`, puis lancez `veille collect` (ou `veille run`) :

```toml
[[brands]]
name = "Votre marque"
query = '"Votre marque"'
own = true
```"""


def competitors(figures: dict, key: str, fmt) -> str | None:
    """« Concurrents : Voltéo 1 234 · Lumeo 980 · Fibrane 870 (+ 6 autres) »: the three biggest by mentions."""
    others = [r for r in figures["brands"] if not r["own"]]
    if not others:
        return None
    shown = " · ".join(f"{r['brand']} {fmt(r[key])}" for r in others[:3])
    more = f" (+ {numbers.count(len(others) - 3, 'autre')})" if len(others) > 3 else ""
    return f"Concurrents : {shown}{more}"


def key_figures(own: str, figures: dict, open_alerts: int, new_alerts: int) -> None:
    row = next(r for r in figures["brands"] if r["own"])
    alone = len(figures["brands"]) < 2
    cols = st.columns([1, 1, 1, 1.35, 0.9])
    specs = [
        ("Mentions", numbers.number(row["mentions"]), row["mentions_change"], "%", "none", "mentions", numbers.number,
         "Mentions de votre marque sur la période ; une mention qui cite deux marques compte pour chacune."),
        ("Audience estimée", numbers.compact(row["reach"]), row["reach_change"], "%", "none", "reach", numbers.compact,
         "Abonnés de l'auteur + 100 par partage + mentions J'aime et réponses ; 1 000 pour un article."),
        ("Sentiment net", numbers.signed(row["net"]), row["net_change"], "pts", "up", "net", numbers.signed,
         "% de mentions positives − % de négatives, parmi les mentions analysées (de −100 à +100)."),
        (f"Part de voix {labels.of(own)}", numbers.percent(row["share"]), row["share_change"], "pts", "up", "share",
         numbers.percent, "Seule marque sélectionnée : ajoutez des concurrents dans le filtre Marques pour "
         "comparer." if alone else "Part des mentions de votre marque parmi les marques sélectionnées."),
    ]
    for col, (label, value, change, unit, better, key, fmt, help_text) in zip(cols, specs, strict=False):
        with col:
            ui.metric(st, label, value, change, unit, better, help=help_text)
            note = competitors(figures, key, fmt)
            if note:
                st.caption(note)
    with cols[4]:
        ui.metric(st, "Alertes ouvertes", numbers.number(open_alerts), help="Alertes de votre marque encore "
                  "ouvertes (ni prises en compte ni résolues), toutes périodes confondues.")
        st.caption(f"{numbers.count(new_alerts, 'déclenchée', 'déclenchées').capitalize()} sur la période.")
    if not row["comparable"]:
        st.caption(f"Pas d'évolution affichée : moins de {numbers.number(20)} mentions de votre marque sur la "
                   "période précédente.")


def to_handle(f, own: str) -> None:
    """The own brand's most influential negative mentions, since yesterday and over the period."""
    st.subheader("À traiter")
    yesterday = replace(f, start=(filters.today() - timedelta(days=1)).isoformat(), end=filters.today().isoformat())
    tabs = {"Depuis hier": yesterday, f"Sur la période ({labels.day(f.start)} – {labels.day(f.end)})": f}
    negative = {name: data.selection_size(replace(sel, brands=(own,), sentiments=("negative",)))
                for name, sel in tabs.items()}
    st.caption(f"Les mentions négatives {labels.of(own)} qui touchent le plus de monde, la plus forte audience "
               "d'abord : à lire, et peut-être à traiter.")
    for (name, sel), tab in zip(tabs.items(), st.tabs([f"{n} ({numbers.number(negative[n])})" for n in tabs]),
                                strict=True):
        with tab:
            rows = data.to_handle(sel, own, limit=5)
            if not rows:
                st.caption(f"Aucune mention négative {labels.of(own)} " +
                           ("depuis hier." if sel is yesterday else "sur la période."))
                continue
            ui.mention_list(rows, key=f"traiter-{name[:5]}", brand=own)
            if negative[name] > len(rows):
                filters.open_with(f"Les {numbers.number(negative[name])} mentions négatives, par audience",
                                  "app_pages/mentions.py", key=f"traiter-toutes-{name[:5]}", marques=[own],
                                  sentiments=["negative"], tri="reach", **({"periode": "7j"} if sel is yesterday else {}))


def charts_and_alerts(f, brands: list[str], own: str | None) -> None:
    current = data.brand_totals(f)
    if not current:
        ui.nothing_in_period()
        return
    grain = frames.grain_for(f.days)
    grid = frames.time_grid(f.start, f.end, grain)
    volumes = frames.per_brand(frames.series_frame(data.series(f, grain), grain), grid)
    left, right = st.columns([3, 2])
    with left:
        st.subheader("Volume par marque")
        markers = frames.alert_frame(data.alert_markers(f), volumes, grain)
        st.altair_chart(charts.volume_lines(volumes, brands, grain, alerts=markers), width="stretch")
    with right:
        st.subheader("Sentiment par marque")
        order = [r["brand"] for r in sorted(current, key=lambda r: (r["brand"] != own, -r["mentions"]))]
        st.altair_chart(charts.sentiment_bars(frames.sentiment_split(current, "brand"), "brand", "Marque", sort=order),
                        width="stretch")

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


st.title("Vue d'ensemble")
if ui.require("mentions"):
    f = filters.current()
    options = data.filter_options()
    owns = options["owns"]
    if not owns:
        st.info(HOW_TO_DECLARE, icon=":material/flag:")
        figures = data.key_figures(f)
        st.caption(f"Toutes les marques sélectionnées, du {labels.day(f.start)} au {labels.day(f.end)}, comparé aux "
                   f"{numbers.number(f.days)} jours précédents.")
        ui.brand_table(figures)
        charts_and_alerts(f, options["brands"], None)
        st.stop()
    chosen = [b for b in f.brands if b in owns]
    own = chosen[0] if len(chosen) == 1 else owns[0]
    if len(owns) > 1 and len(chosen) != 1:
        own = st.segmented_control("Votre marque", owns, default=owns[0], required=True, key="vue_marque")
    compared = f if not f.brands or own in f.brands else replace(f, brands=(*f.brands, own))
    if compared is not f:
        st.caption(f"{own}, votre marque, est ajoutée aux marques choisies dans le filtre pour la comparer.")
    figures = data.key_figures(compared, own)
    changed = data.what_changed(compared, own)
    st.caption(f"{own}, votre marque, du {labels.day(f.start)} au {labels.day(f.end)}, comparé aux "
               f"{numbers.number(f.days)} jours précédents ; ses concurrents à côté.")
    st.markdown(f"##### {ui.plain_markdown(summary.what_changed(changed))}")
    key_figures(own, figures, changed["open_alerts"], changed["new_alerts"])
    to_handle(compared, own)
    charts_and_alerts(compared, options["brands"], own)
