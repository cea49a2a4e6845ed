"""`veille train-motivations [FICHIER…]`: learn share motivations from labelled texts and the dashboard's corrections."""

from __future__ import annotations

import argparse
import json
import logging

from storage.labels import MOTIVATIONS
from veille.commands._training import USER_WEIGHT, add_training_args, train_from

log = logging.getLogger("veille.train_motivations")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "train-motivations",
        help="entraîner les motivations de partage sur vos textes annotés et sur les corrections du tableau de bord",
        description="Apprend à partir de fichiers JSONL {\"text\", \"motivations\": ["
        f"{', '.join(MOTIVATIONS)}]}} (liste vide : aucune motivation) et des corrections de "
        "motivations enregistrées dans la base. Le modèle est enregistré à côté de la base (<base>.motivation-model/) "
        "et utilisé ensuite par `veille analyze` et `veille tag` ; les mentions déjà analysées le seront de nouveau "
        "au prochain `veille analyze`. `veille eval motivations` compare avant et après.",
    )
    add_training_args(parser, run)


def run(args: argparse.Namespace) -> int:
    from analysis.model_store import train_user_motivation_model
    from analysis.motivation_training import MotivationExample, read_motivation_examples
    from analysis.tagger import mention_text
    from storage.tags import motivation_corrections

    return train_from(
        args, read_file=read_motivation_examples, corrections=motivation_corrections,
        from_corrections=lambda rows: [MotivationExample(mention_text(r["title"], r["text"]),
                                                         frozenset(json.loads(r["motivations"])), USER_WEIGHT)
                                       for r in rows],
        train=train_user_motivation_model, log=log,
        nothing="rien à apprendre : donnez un fichier annoté (JSONL text/motivations) ou corrigez des motivations "
        "dans le tableau de bord, puis relancez")
