"""Shared page pieces: empty states that explain what to do, the mention card, small formatting helpers.

Mention text, titles, authors and keyphrases are attacker-controlled: they go through `st.text`
or dataframes only, never Markdown or HTML.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, NoReturn

import streamlit as st

from dashboard import data
from presentation import frames, labels, numbers, summary, tables
from storage.dashboard_queries import ENTITY_KINDS
from storage.labels import SENTIMENTS

HOW_TO_COLLECT = """
**Pour remplir la base :**

1. `veille init` écrit un fichier `veille.toml` commenté : indiquez vos marques (`own = true` pour la vôtre) et vos sources ;
2. `veille collect` collecte les mentions, puis `veille analyze` les analyse (ou `veille run`, l'entrée à mettre dans cron) ;
3. pour découvrir Veille sans rien configurer : `veille demo` construit une base de démonstration et ouvre ce tableau de bord.
"""


def require(what: str = "mentions") -> bool:
    """Show why the page cannot be drawn yet (no file, old schema, nothing collected) and how to fix it.

    `what` is "mentions" (the page needs collected mentions) or "schema" (the tables are enough).
    """
    state = data.database_state()
    if state == "missing":
        st.info(f"Aucune base de données à l'emplacement `{data.db_path()}`.\n" + HOW_TO_COLLECT)
        return False
    if state == "outdated":
        st.warning("Cette base a été créée par une version plus ancienne de Veille. Lancez `veille dashboard` "
                   "(ou `veille collect`) une fois pour la mettre à jour, puis rechargez la page.")
        return False
    if state == "empty" and what == "mentions":
        st.info("La base est prête mais ne contient encore aucune mention.\n" + HOW_TO_COLLECT)
        return False
    return True


def nothing_in_period() -> None:
    """The filters select nothing: say so, and where the data is."""
    last = data.last_published()
    hint = f" La mention la plus récente date du {labels.moment(last)}." if last else ""
    st.info("Aucune mention ne correspond à ces filtres sur la période choisie." + hint +
            " Élargissez la période ou retirez un filtre dans la barre latérale.")


def analysis_missing(what: str) -> None:
    """An analysis table is empty: explain which command fills it."""
    st.info(f"Pas encore de {what} dans la base : ils sont calculés par l'analyse des mentions. Lancez "
            "`veille analyze` (ou `veille run`, qui collecte puis analyse).")


def net_missing(series) -> None:
    """No net sentiment to draw: either nothing is analysed yet, or too few mentions per interval."""
    if not (series["sentiment"] != "").any():
        analysis_missing("sentiments")
    else:
        st.caption(f"Trop peu de mentions analysées par intervalle pour un sentiment net (il en faut "
                   f"{frames.NET_MIN_ANALYSED} au moins) : élargissez la période ou retirez un filtre.")


def sampled_note(rate: float) -> None:
    if rate < 1:
        st.caption(f"Estimations sur un échantillon aléatoire de {numbers.percent(100 * rate, 0)} de la sélection "
                   "(la sélection est grande) : les chiffres sont arrondis, les classements fiables.")


def metric(where: Any, label: str, value: str, change: float | None = None, unit: str = "%",
           better: str = "up", help: str | None = None, note: str | None = None) -> None:
    """A key figure with its change in French (`+12,5 %`, `−3,0 pts`, true minus sign): the arrow follows
    the change's sign; green when it goes the `better` way ('up', 'down', or 'none' for grey), grey when
    it rounds to zero or there is nothing to compare with."""
    text, arrow, color = None, "off", "gray"
    if change is not None and not numbers.missing(change):
        text = numbers.percent(change, 1, sign=True) if unit == "%" else numbers.points(change, 1)
        rounded = round(change, 1)
        if rounded != 0:
            arrow = "up" if rounded > 0 else "down"
            if better != "none":
                color = "green" if (rounded > 0) == (better == "up") else "red"
    where.metric(label, value, text, delta_color=color, delta_arrow=arrow, help=help, border=True, height="stretch",
                 delta_description=note)


def plain_markdown(text: str) -> str:
    """Text (brand names, labels) safe to put inside Markdown: its special characters are escaped."""
    return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>~$" else c for c in text)


# Shared with `veille report`.
alert_figures = summary.alert_figures
no_rising_themes = summary.no_rising_themes


def mention_card(row: dict[str, Any], key: str, can_correct: bool = True) -> None:
    """One mention in full: who, where, when, text (as plain text), link, every tag, and the correction form."""
    with st.container(border=True):
        head = [labels.published(row["published_at"]), labels.platform(row["platform"]),
                f"audience estimée {numbers.number(row['reach'])}"]
        st.caption(" · ".join(head))
        author = frames.author(row)
        if author:
            st.text(f"Auteur : {author}")
        if row["title"]:
            st.text(row["title"])
        if row["text"] != row["title"]:
            st.text(row["text"])
        url = frames.safe_url(row["url"])
        if url:
            st.link_button("Ouvrir l'original", url, icon=":material/open_in_new:")
        tags = [
            ("Marques", row["brands"] or "—"),
            ("Ton général du texte", labels.sentiment(row["sentiment"]) + (
                user_note(row["sentiment_confirmed"], row["model_sentiment"]) if row["corrected_sentiment"] else "")),
            ("Sentiment par marque", ", ".join(brand_sentiment_text(row, b) for b in row["brand_sentiments"]) or "—"),
            ("Langue", labels.lang(row["lang"])),
            ("Motivations", (", ".join(labels.motivation(m) for m in row["motivations"]) or "—") + (
                f" (corrigé ; le modèle disait {', '.join(labels.motivation(m) for m in row['model_motivations']) or 'aucune'})"
                if row.get("model_motivations") is not None else "")),
            ("Catégories", ", ".join(labels.category(v) for k, v in row["topics"] if k == "category") or "—"),
            ("Thèmes", ", ".join(v for k, v in row["topics"] if k == "keyphrase") or "—"),
            ("Entités", ", ".join(v for k, v in row["topics"] if k in ENTITY_KINDS) or "—"),
            ("Émotions", ", ".join(labels.EMOTIONS.get(e, e) for e in row["emotions"]) or "—"),
        ]
        st.text("\n".join(f"{name} : {value}" for name, value in tags))
        if can_correct:
            correction_form(row, key)
            motivation_form(row, key)


def brand_sentiment_text(row: dict[str, Any], brand: str) -> str:
    """« Orbelle : négatif », with what the model said when a user corrected it (`user_note`)."""
    text = f"{brand} : {labels.sentiment(row['brand_sentiments'][brand]).lower()}"
    if brand not in row["model_brand_sentiments"]:
        return text
    return text + user_note(brand in row["confirmed_brands"], row["model_brand_sentiments"][brand])


def user_note(confirmed: bool, model: str | None) -> str:
    """« (confirmé) » for a right label a user vouched for, « (corrigé ; le modèle disait …) » for a correction."""
    if confirmed:
        return f" ({frames.user_mark(True)})"
    return f" ({frames.user_mark(False)} ; le modèle disait {labels.sentiment(model).lower()})"


AUTOMATIC = "automatic"  # the answer that gives a question back to the model (only on a question a user answered)


def correction_form(row: dict[str, Any], key: str) -> None:
    """Correct the mention's sentiment toward each brand it names (what that brand's figures and alerts count)
    and of the text as a whole; the analyst views and `veille train-sentiment` use them. « Enregistrer » records
    the answers changed, and only them: a user who corrects one brand has not vouched for the others. Ticking
    « Confirmer aussi les réponses inchangées » records the others too, as labels a user vouched for: training
    then learns what the model got right, not only its mistakes. A question a user answered offers « Retirer ma
    réponse » too: that answer alone goes back to the model. A mixed or unanalysed sentiment is no choice of the
    list: nothing is preselected, so « neutre » is an answer. Every widget's key follows what is stored."""
    with st.expander("Corriger ou confirmer le sentiment"):
        st.caption("Pour chaque marque, le ton du texte à son égard : c'est lui qui compte dans ses chiffres, ses "
                   "alertes et les exports. Le ton général du texte ne compte dans les chiffres d'aucune marque ; "
                   "il sert aux analyses et à l'entraînement.")
        answered = row["model_brand_sentiments"]
        targets = [(brand, f"Ton envers {plain_markdown(brand)}", sentiment, brand in answered,
                    brand in row["confirmed_brands"], answered.get(brand))
                   for brand, sentiment in row["brand_sentiments"].items()]
        targets.append((None, "Ton général du texte", row["sentiment"], bool(row["corrected_sentiment"]),
                        row["sentiment_confirmed"], row["model_sentiment"]))
        picked = {}
        for brand, question, current, fixed, confirmed, model in targets:
            choices = [*SENTIMENTS, AUTOMATIC] if fixed else list(SENTIMENTS)  # a user's answer can be taken back
            if fixed:
                question += f" ({frames.user_mark(confirmed)})"
            elif current not in choices:
                question += f" (analyse : {labels.sentiment(current).lower()} — laissez vide pour le conserver)"
            picked[brand] = (st.radio(question, choices, index=choices.index(current) if current in choices else None,
                                      format_func=lambda v, model=model: (
                                          f"Retirer ma réponse (l'analyse dit : {labels.sentiment(model).lower()})"
                                          if v == AUTOMATIC else labels.sentiment(v)), horizontal=True,
                                      key=answer_key("fix" if brand is None else "brand", brand, current, fixed,
                                                     confirmed, key)),
                             current, fixed)
        stored = tuple((brand, current, fixed, confirmed) for brand, _, current, fixed, confirmed, _ in targets)
        confirm = st.checkbox("Confirmer aussi les réponses inchangées", key=answer_key("confirm", stored, key),
                              help="Elles sont enregistrées comme vérifiées et marquées « (confirmé) » ; les chiffres "
                                   "ne changent pas, mais l'entraînement du modèle apprend aussi ce que l'analyse a "
                                   "bien jugé. Un avis mitigé ne se confirme pas : répondez s'il penche d'un côté, "
                                   "« Neutre » sinon (ce sera noté comme une correction).")
        who = st.text_input("Votre nom (facultatif)", key=f"who-{key}", max_chars=80)
        left, right = st.columns(2)
        if left.button("Enregistrer les réponses", key=f"save-{key}", type="primary"):
            changed = {brand: value for brand, (value, current, _) in picked.items()
                       if value not in (None, current, AUTOMATIC)}
            confirmed = {brand: value for brand, (value, current, fixed) in picked.items()
                         if confirm and value is not None and value == current and not fixed}
            reset = [brand for brand, (value, _, _) in picked.items() if value == AUTOMATIC]
            if changed or confirmed or reset:
                data.correct_sentiment(row["id"], {**changed, **confirmed}, by=who.strip() or None, cleared=reset)
                notify_and_rerun(saved_text(changed, confirmed, reset))
            st.info("Rien de nouveau à enregistrer : vos réponses sont déjà enregistrées telles quelles." if confirm
                    else "Aucune réponse modifiée : choisissez une autre réponse, ou cochez « Confirmer aussi les "
                         "réponses inchangées », avant d'enregistrer.")
        if (row["corrected_sentiment"] or answered) and right.button("Retirer toutes mes réponses",
                                                                      key=f"undo-{key}"):
            data.clear_correction(row["id"])
            notify_and_rerun("Analyse automatique rétablie pour toute la mention.")


def answer_key(kind: str, *state: Any) -> str:
    """A form widget's key that changes with what is stored. Streamlit identifies a keyed widget by its key and
    the browser keeps its value whatever the new default: after a save or an undo, the same key would show (and
    save again) the answer instead of what is stored now. The last item of `state` is the mention's key."""
    return f"{kind}-{hashlib.sha1(repr(state[:-1]).encode()).hexdigest()[:10]}-{state[-1]}"


NOTICE = "veille_notice"  # session key of the message to show after the rerun


def notify_and_rerun(message: str) -> NoReturn:
    """Show `message` as a toast once the page has run again with what was just stored: a toast sent right before
    `st.rerun()` is sometimes lost (5 first saves of 17 in a browser trial)."""
    st.session_state[NOTICE] = message
    st.rerun()


def show_notice() -> None:
    """The toast left by `notify_and_rerun`, once (every run of every page calls this)."""
    message = st.session_state.pop(NOTICE, None)
    if message:
        st.toast(message)


def saved_text(changed: dict[str | None, str], confirmed: dict[str | None, str] | None = None,
               reset: list[str | None] | None = None) -> str:
    """The toast after a save, short enough to show whole (a toast shows about three lines): what was corrected
    and whether figures follow, what was confirmed, what was given back to the model."""
    def named(answers: Iterable[str | None]) -> str:
        return ", ".join(plain_markdown(b) if b is not None else "ton général" for b in answers)

    parts = []
    if changed:
        parts.append(f"Corrigé : {named(changed)} — " + ("chiffres et alertes mis à jour" if any(
            b is not None for b in changed) else "sans effet sur les chiffres des marques"))
    if confirmed:
        parts.append(f"Confirmé : {named(confirmed)} (chiffres inchangés)")
    if reset:
        parts.append(f"Rendu à l'analyse : {named(reset)}")
    return " · ".join(parts) + "."


def motivation_form(row: dict[str, Any], key: str) -> None:
    """Correct the mention's share motivations (none is an answer); `veille train-motivations` learns from it."""
    with st.expander("Corriger les motivations"):
        shown = [m for m in row["motivations"] if m in labels.MOTIVATIONS]
        picked = st.multiselect("Motivations justes (aucune si rien ne les montre)", list(labels.MOTIVATIONS),
                                default=shown, format_func=labels.motivation,
                                key=answer_key("mot", shown, row.get("model_motivations") is not None, key))
        who = st.text_input("Votre nom (facultatif)", key=f"mot-who-{key}", max_chars=80)
        left, right = st.columns(2)
        if left.button("Enregistrer les motivations", key=f"mot-save-{key}", type="primary"):
            data.correct_motivations(row["id"], picked, by=who.strip() or None)
            notify_and_rerun("Correction enregistrée : elle sera utilisée par les vues et par l'entraînement.")
        if row.get("model_motivations") is not None and right.button("Annuler la correction des motivations",
                                                                      key=f"mot-undo-{key}"):
            data.clear_motivation_correction(row["id"])
            notify_and_rerun("Correction annulée : les motivations du modèle s'appliquent de nouveau.")


def mention_list(rows: list[dict[str, Any]], key: str, height: int | str = "auto", brand: str | None = None) -> None:
    """Mentions as a read-only table: date, author (never cut off), platform, brands, text, sentiment (toward
    `brand`, on a page about one brand), audience, link."""
    st.dataframe(tables.french(frames.mention_table(rows, brand), {"Audience": numbers.number}), hide_index=True,
                 width="stretch", height=height, key=key, column_config=mention_columns(brand))


def mention_columns(brand: str | None = None) -> dict[str, Any]:
    """The mention table's columns, widths in px: date, author and the start of the text always in view. The
    sentiment is 140 px: « Négatif (corrigé) » fits, a list of brands is read in the mention's card."""
    sentiment_help = (f"Le sentiment envers {plain_markdown(brand)}, celui que comptent les chiffres de la page ; le ton général du "
                      "texte est dans la fiche de la mention." if brand else
                      "Le sentiment de chaque marque, puis le ton général du texte, quand ils ne sont pas tous les "
                      "mêmes ; filtrez sur une marque pour ne voir que le sien.")
    return {
        "Date": st.column_config.TextColumn(width=145),
        "Auteur": st.column_config.TextColumn(width=185),
        "Plateforme": st.column_config.TextColumn(width=100),
        "Texte": st.column_config.TextColumn("Texte", width=285),
        "Sentiment": st.column_config.TextColumn(width=140, help=sentiment_help),
        "Audience": st.column_config.Column(width=75),
        "Lien": st.column_config.LinkColumn("Lien", display_text="ouvrir", width=55),
        "Marques": st.column_config.TextColumn(width=90),
    }


def brand_table(figures: dict[str, Any]) -> None:
    """The brands side by side (own brand first): mentions, share of voice, reach, net sentiment, changes."""
    table = frames.brand_table(figures)
    st.dataframe(tables.french(table, frames.BRAND_FORMATS), hide_index=True, width="stretch", column_config={
        "Sentiment net": st.column_config.Column(help="% positif − % négatif, en points (de −100 à +100)"),
        "Évolution": st.column_config.Column(help="Mentions, par rapport à la période précédente de même durée"),
    })
