"""`veille eval sentiment|motivations FICHIER…`: measure the tags against labelled JSONL files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from veille.commands._common import EXIT_OK, UsageError, add_config_args, open_context


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="mesurer la qualité des étiquettes : jeu réel de développement, sentiment, motivations",
        description="devset : le jeu de développement réel (evaluation/real_dev/, textes lus dans ../shared) ; "
        "précision, rappel et F1 de chaque étiquette (sentiment envers la marque, mitigé, catégories, émotions, "
        "motivations, entités) contre les annotations arbitrées. "
        "sentiment : lignes {\"text\", \"label\": positive|neutral|negative} ; tableau textblob-fr "
        "(référence) contre le modèle livré, et contre le modèle entraîné par `veille train-sentiment` pour la "
        "base (--db) quand il existe : exactitude, F1 macro, rappel par classe, dans la même exécution. "
        "motivations : lignes {\"text\", \"motivations\": [...]} ; précision et rappel par motivation des règles "
        "(référence), du modèle livré et du modèle entraîné par `veille train-motivations` pour la base (--db). "
        "agreement : l'accord entre les deux annotateurs du jeu de développement (κ de Cohen par étiquette, "
        "F1 entre eux pour les entités), avant arbitrage. "
        "presse : le scénario d'un nouvel utilisateur (Renault, SNCF, Macron, Free dans les flux de presse réels de "
        "../shared), collecté et analysé dans un dossier temporaire, comparé à deux annotateurs "
        "(evaluation/press_scenario.jsonl). "
        "titres : les titres de presse réels de ../shared qui nomment une organisation, étiquetés par deux "
        "annotateurs (evaluation/headlines.jsonl) : F1 macro du sentiment envers l'organisation (avec le modèle "
        "entraîné de la base --db s'il existe, comme devset). "
        "expressions : les expressions clés de textes réels de ../shared (presse, avis), chacune jugée bien ou mal "
        "formée par deux annotateurs (evaluation/keyphrases.jsonl) : part des expressions trouvées qui sont des "
        "groupes nominaux bien formés, par échantillon (deux de mise au point, un de test). "
        "motivations-reel : les motivations de textes réels de ../shared tenus à l'écart de tout choix (hors du jeu de "
        "développement), étiquetés par deux annotateurs (evaluation/motivations_heldout.jsonl) : κ de Cohen, puis "
        "précision, rappel et F1 par motivation là où les deux annotateurs sont d'accord.",
    )
    parser.add_argument("task", choices=("devset", "agreement", "presse", "titres", "expressions", "motivations-reel",
                                                "sentiment", "motivations"), help="ce qui est évalué")
    parser.add_argument("files", nargs="*", metavar="FICHIER",
                        help="fichiers JSONL annotés (sentiment, motivations) ; pour devset : les annotations "
                        "(défaut : evaluation/real_dev/gold.jsonl) ; pour agreement : les deux annotations "
                        "(défaut : evaluation/real_dev/annotator_a.jsonl et annotator_b.jsonl)")
    parser.add_argument("--shared", metavar="DOSSIER", help="les corpus tiers (défaut : ../shared à côté du projet)")
    parser.add_argument("--split", metavar="VALEUR", help="ne garder que les lignes dont le champ \"split\" vaut cette valeur "
                        "(par exemple test)")
    add_config_args(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.task == "devset":
        return evaluate_devset(args)
    if args.task == "agreement":
        return annotators_agreement(args)
    if args.task == "presse":
        return evaluate_press_scenario(args)
    if args.task == "titres":
        return evaluate_headlines(args)
    if args.task == "expressions":
        return evaluate_keyphrases(args)
    if args.task == "motivations-reel":
        return evaluate_heldout_motivations(args)
    if not args.files:
        raise UsageError(f"veille eval {args.task} : donnez au moins un fichier annoté (JSONL)")
    paths = [Path(f) for f in args.files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"fichier introuvable : {', '.join(missing)}")
    ctx = open_context(args, config_required=False)
    if args.task == "motivations":
        for path in paths:
            print(f"\n{path.name}\n{evaluate_motivations(path, ctx.db_path)}")
        return EXIT_OK
    from analysis.evaluation import sentiment_report

    for path in paths:
        try:
            report = sentiment_report(path, ctx.db_path, split=args.split)
        except ValueError as exc:
            raise UsageError(str(exc)) from exc
        print(f"\n{path.name}{f' (split {args.split})' if args.split else ''}\n{report}")
    return EXIT_OK


def evaluate_motivations(path: Path, db_path: str | Path | None = None) -> str:
    """The rules alone (reference), the shipped model, and this database's trained model if any."""
    from analysis.components import load_motivation_model
    from analysis.evaluation import multilabel_scores, multilabel_table
    from analysis.model_store import user_model_file
    from analysis.motivation_training import featurize_motivations
    from analysis.motivations import motivation_scores
    from analysis.pipeline import build_pipeline
    from storage.labels import MOTIVATIONS

    gold, texts = [], []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels = set(row["motivations"])
            text = row["text"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise UsageError(f"{path}:{n} : il faut {{\"text\": …, \"motivations\": [...]}} ({exc})") from exc
        unknown = labels - set(MOTIVATIONS)
        if unknown:
            raise UsageError(f"{path}:{n} : motivation inconnue {sorted(unknown)} ; possibles : {', '.join(MOTIVATIONS)}")
        gold.append(labels)
        texts.append(text)
    models = {"règles (référence)": None, "veille (modèle livré)": ""}
    user_model = user_model_file(db_path, "motivation")
    if user_model is not None:
        models["veille (modèle entraîné)"] = str(user_model)
    inputs = featurize_motivations(build_pipeline(), texts)
    out = [f"{len(gold)} mentions"]
    for name, model_path in models.items():
        predicted = ([set(motivation_scores(t)) for t in texts] if model_path is None
                     else [set(p) for p in load_motivation_model(model_path).predict(inputs)])
        out.append(f"{name}\n{multilabel_table(multilabel_scores(MOTIVATIONS, gold, predicted))}")
    return "\n\n".join(out)


def annotators_agreement(args: argparse.Namespace) -> int:
    """Cohen's κ between the two independent annotations of the development set (no text needed)."""
    from veille.devset import DEV_DIR, agreement, read_labels

    files = [Path(f) for f in args.files] or [DEV_DIR / "annotator_a.jsonl", DEV_DIR / "annotator_b.jsonl"]
    if len(files) != 2:
        raise UsageError("veille eval agreement : donnez les deux fichiers d'annotations (ou aucun)")
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        raise UsageError(f"fichier introuvable : {', '.join(missing)}")
    a, b = (read_labels(p) for p in files)
    print(f"{'étiquette':<34} {'n':>5} {'κ':>6}")
    for tag, n, kappa in agreement(a, b):
        print(f"{tag:<34} {n:>5} {kappa:>6.3f}")
    return EXIT_OK


def shared_dir(args: argparse.Namespace) -> Path:
    """--shared, or ../shared beside the project; a clear error when the third-party corpora are absent."""
    from veille.devset import SHARED

    shared = Path(args.shared) if args.shared else SHARED
    if not shared.is_dir():
        raise UsageError(f"{shared} absent : cette évaluation lit ses textes dans les corpus tiers "
                         "(../shared) ; indiquez-les avec --shared DOSSIER")
    return shared


def evaluate_press_scenario(args: argparse.Namespace) -> int:
    """Issue 11's scenario on real press feeds, against two annotators (veille/press_scenario.py)."""
    from veille.press_scenario import ScenarioError, evaluate, report

    if args.files:
        raise UsageError("veille eval presse ne prend pas de fichier : ses annotations sont "
                         "evaluation/press_scenario.jsonl")
    try:
        print("\n".join(report(evaluate(shared_dir(args)))))
    except ScenarioError as exc:
        raise UsageError(str(exc)) from exc
    return EXIT_OK


def evaluate_keyphrases(args: argparse.Namespace) -> int:
    """Keyphrases of real texts against two annotators (veille/keyphrase_eval.py)."""
    from analysis.tagger import Tagger
    from veille.devset import real_items
    from veille.keyphrase_eval import KeyphraseEvalError, predict, read_labels, report, score

    if args.files:
        raise UsageError("veille eval expressions ne prend pas de fichier : ses annotations sont "
                         "evaluation/keyphrases.jsonl")
    labels = read_labels()
    items = real_items(shared_dir(args))
    try:
        with Tagger() as tagger:
            found = predict(sorted({lab.key for lab in labels}), items, tagger)
    except KeyphraseEvalError as exc:
        raise UsageError(str(exc)) from exc
    print("\n".join(report(score(labels, found))))
    return EXIT_OK


def evaluate_devset(args: argparse.Namespace) -> int:
    """The real development set against the tagger (with this database's trained model, if any)."""
    from veille.devset import GOLD, predict, read_labels, real_items, report_table, score

    gold_path = Path(args.files[0]) if args.files else GOLD
    if not gold_path.is_file():
        raise UsageError(f"fichier introuvable : {gold_path}")
    shared = shared_dir(args)
    ctx = open_context(args, config_required=False)
    from analysis.model_store import load_tagger

    gold = read_labels(gold_path)
    items = real_items(shared)
    from veille.devset import changed_texts

    missing = sorted((set(gold) - set(items)) | (set(changed_texts(items)) & set(gold)))
    if missing:
        raise UsageError(f"{len(missing)} texte(s) annoté(s) introuvable(s) ou modifié(s) dans {shared} (par exemple "
                         f"{missing[0]}) : les corpus ont changé depuis l'annotation")
    with load_tagger(ctx.db_path if Path(ctx.db_path).exists() else None) as tagger:
        rows = score(gold, predict(gold, items, tagger))
    print(f"{gold_path.name} : {len(gold)} mentions, {sum(len(g.pairs) for g in gold.values())} couples "
          f"(mention, marque)\n{report_table(rows)}")
    return EXIT_OK


def evaluate_heldout_motivations(args: argparse.Namespace) -> int:
    """Real texts kept out of every choice, against two annotators (veille/motivations_heldout.py), with this
    database's trained motivation model if any."""
    from veille.devset import real_items, report_table
    from veille.motivations_heldout import (
        HeldoutError,
        agreement,
        by_source,
        groups,
        predict,
        read_heldout,
        score,
        texts,
    )

    if args.files:
        raise UsageError("veille eval motivations-reel ne prend pas de fichier : ses annotations sont "
                         "evaluation/motivations_heldout.jsonl")
    shared = shared_dir(args)
    try:
        labels = read_heldout()
        found = texts(labels, real_items(shared))
    except HeldoutError as exc:
        raise UsageError(str(exc)) from exc
    ctx = open_context(args, config_required=False)
    from analysis.model_store import load_tagger

    with load_tagger(ctx.db_path if Path(ctx.db_path).exists() else None) as tagger:
        predicted = predict(found, tagger)
    rows = score(labels, predicted) + by_source(labels, predicted)
    print(f"{len(labels)} textes réels tenus à l'écart ; accord des annotateurs (κ) : {agreement(labels)}")
    for name, at in groups(labels):
        print(f"  {name} ({len(at)} textes) : {agreement([labels[i] for i in at])}")
    print(report_table(rows))
    return EXIT_OK


def evaluate_headlines(args: argparse.Namespace) -> int:
    """Real headlines naming an organisation, against two annotators (veille/headlines.py), with this database's
    trained sentiment model if any."""
    from veille.headlines import HeadlinesError, predict, read_headlines, report, score, titles

    if args.files:
        raise UsageError("veille eval titres ne prend pas de fichier : ses annotations sont evaluation/headlines.jsonl")
    shared = shared_dir(args)
    labels = read_headlines()
    try:
        found = titles(shared, labels)
    except HeadlinesError as exc:
        raise UsageError(str(exc)) from exc
    ctx = open_context(args, config_required=False)
    from analysis.model_store import load_tagger

    with load_tagger(ctx.db_path if Path(ctx.db_path).exists() else None) as tagger:
        print("\n".join(report(score(labels, *predict(labels, found, tagger)))))
    return EXIT_OK
