"""`veille train-sentiment [FICHIER…]`: learn from labelled texts and from the dashboard's corrections."""

from __future__ import annotations

import argparse
import logging

from veille.commands._training import USER_WEIGHT, add_training_args, train_from

log = logging.getLogger("veille.train_sentiment")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train-sentiment",
        help="entraîner le sentiment sur vos textes annotés et sur les corrections faites dans le tableau de bord",
        description="Apprend à partir de fichiers JSONL {\"text\", \"label\": positive|neutral|negative} et des "
        "corrections de sentiment enregistrées dans la base. Le modèle est enregistré à côté de la base "
        "(<base>.sentiment-model/) et utilisé ensuite par `veille analyze` et `veille tag` ; les mentions déjà "
        "analysées le seront de nouveau au prochain `veille analyze`. `veille eval sentiment` compare avant et après.",
    )
    add_training_args(parser, run)


def run(args: argparse.Namespace) -> int:
    from analysis.model_store import train_user_model
    from analysis.sentiment_training import read_labelled
    from storage.tags import sentiment_corrections

    return train_from(
        args, read_file=read_labelled, corrections=sentiment_corrections, from_corrections=correction_examples,
        train=train_user_model, log=log,
        nothing="rien à apprendre : donnez un fichier annoté (JSONL text/label) ou corrigez des sentiments dans le "
        "tableau de bord, puis relancez")


def correction_examples(rows: list) -> list:
    """The corrections as examples: the text as a whole for a correction of the text; the brand's own context,
    featurized here as the tagger judges it, for a correction toward a brand."""
    from analysis.pipeline import build_pipeline
    from analysis.sentiment_training import Example, brand_examples
    from analysis.tagger import mention_text

    whole = [Example(mention_text(r["title"], r["text"]), r["sentiment"], USER_WEIGHT) for r in rows if r["brand"] is None]
    per_mention: dict[str, tuple[str, list[str], dict[str, str]]] = {}
    for r in rows:
        if r["brand"] is not None:
            item = per_mention.setdefault(r["id"], (mention_text(r["title"], r["text"]), r["brands"].split("\x1f"), {}))
            item[2][r["brand"]] = r["sentiment"]
    brands = brand_examples(build_pipeline(), list(per_mention.values()), USER_WEIGHT) if per_mention else []
    silent = sum(len(labels) for _, _, labels in per_mention.values()) - len(brands)
    if silent:
        log.info("%d correction(s) envers une marque qui ne fait que parler dans sa mention : rien à en apprendre "
                 "(l'analyse la juge neutre par règle)", silent)
    return whole + brands
