"""Our spaCy components, registered with `@Language.factory`; `pipeline.py` assembles them.

Each one writes only its own `doc._.` extensions, skips texts that are not French (texts
without words, language 'und', still get what emoji say), and is linear in the text length.
`doc._.brands` and `doc._.lang_hint` are inputs the tagger sets before the pipeline runs. The
components after `veille_sentiment` read the tokens, words and features it keeps (their `requires`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import cache, cached_property
from pathlib import Path
from typing import NamedTuple

import numpy as np
from spacy.attrs import IS_SPACE, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from analysis.brands import brand_contexts, brand_occurrences, fold
from analysis.emotions import LEAD_TOKENS, emotion_scores
from analysis.entities import entities
from analysis.keyphrases import keyphrases
from analysis.lang import UNDETERMINED, LanguageDetectorFr
from analysis.lexicons import brand_evidence, own_polarity
from analysis.mixed import judge
from analysis.motivation_model import (
    MotivationModel,
    motivation_inputs,
    shipped_motivation_digest,
    shipped_motivation_model,
)
from analysis.sentiment_features import Features, Tok, extract, words_and_toks
from analysis.sentiment_model import SentimentModel, shipped_model, shipped_model_digest
from analysis.stories import companies_in, story_of
from analysis.topics import categories
from analysis.words import Lexicon
from storage.records import Sentiment

log = logging.getLogger("veille.analysis")
FRENCH_OR_UNKNOWN = ("fr", UNDETERMINED)
EXTENSIONS = {
    # inputs ("text": the tagger's own string, so components need not rebuild it from the tokens)
    "text": None, "lang_hint": None, "brands": (),
    # outputs
    "lang": None, "lang_score": None, "sentiment": None, "sentiment_score": None, "sentiment_mixed": False,
    "sentiment_features": None, "sentiment_tokens": None, "words": None,
    "brand_sentiment": None, "brand_scope": None, "emotions": None, "keyphrases": None, "categories": None, "entities": None,
    "motivations": None,
}
for _name, _default in EXTENSIONS.items():
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def doc_text(doc: Doc) -> str:
    """The text of a Doc: the tagger's string when it set one (`Doc.text` joins every token anew, each call)."""
    text = doc._.text
    return text if text is not None else doc.text


def space_pos(doc: Doc) -> Doc:
    """What `fr_core_news_sm`'s attribute ruler does that anything reads: a whitespace token is POS `SPACE`
    (without morphology), and a word the morphologizer called `SPACE` is `X`. The ruler runs 23 Matcher patterns on
    every token, mostly copying POS to the tag nobody reads here: ten times the cost of this array test, for
    the same POS, lemmas and morphology (docs/nlp.md, « Vitesse et mémoire »)."""
    arr = doc.to_array([POS, IS_SPACE])
    pos, space = arr[:, 0], arr[:, 1].astype(bool)
    for i in np.flatnonzero(space != (pos == POS_IDS["SPACE"])):  # few tokens: whitespace ones, mostly
        token = doc[int(i)]
        token.pos = POS_IDS["SPACE"] if space[i] else POS_IDS["X"]
        token.set_morph("_")
    return doc


def is_french(lang: str | None) -> bool:
    """French tags are only given to French texts (and to texts without words, e.g. emoji only); `lang`: `doc._.lang`."""
    return lang in FRENCH_OR_UNKNOWN


class LanguageComponent:
    """`doc._.lang` (ISO 639-1 or 'und') and `doc._.lang_score`; `doc._.lang_hint` is the platform's guess."""

    def __init__(self) -> None:
        self.detector = LanguageDetectorFr()

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # each `doc._` builds a new object: once per component
        ext.lang, ext.lang_score = self.detector.detect(doc_text(doc), ext.lang_hint)
        return doc


class SentimentComponent:
    """`doc._.sentiment` (positive|neutral|negative), `doc._.sentiment_score` in [-1, 1], `doc._.sentiment_mixed`.

    Also keeps `doc._.sentiment_tokens`, `doc._.sentiment_features` and `doc._.words` (the tokens' texts) for the
    brand and emotion components (one pass over the Doc: building Token objects is a large share of the cost).
    """

    def __init__(self, model: SentimentModel) -> None:
        self.model = model

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        if is_french(ext.lang):
            ext.words, toks = words_and_toks(doc)
            features = extract(toks)
            ext.sentiment_tokens, ext.sentiment_features = toks, features
            verdict = judge(self.model, toks, features, self.model.probabilities([features])[0])
            ext.sentiment, ext.sentiment_score, ext.sentiment_mixed = verdict
        return doc


class BrandContext(NamedTuple):
    """A brand's own tokens in a mention: `direct` (judged as written), `compared` (judged the other way round,
    "Free est mieux qu'Orange" for Orange); `whole` when the text does not name the brand (the mention's
    sentiment is then the brand's), both empty when its context judges nothing (it only speaks)."""

    direct: list[Tok]
    compared: list[Tok]
    whole: bool = False
    ranges: tuple[tuple[int, int], ...] = ()  # the token ranges of `direct` and `compared`
    named: bool = True  # False: `whole` because the text does not name the brand, or is its customer's story


def brand_token_contexts(words: list[str], toks: list[Tok], brands: list[str],
                         companies: Sequence[tuple[int, int]] = ()) -> dict[str, BrandContext]:
    """Each brand's context (`brands.brand_contexts`) as tokens: what its sentiment is judged on. A customer's
    story of a brand (`stories.story_of`; `companies`: the organisations spaCy found) is a review of it: like a
    brand the text does not name, it is judged on the whole text."""
    lemmas = [t.lemma for t in toks]
    story = story_of(words, lemmas, brands, companies)
    contexts = brand_contexts(words, lemmas, brands) if story is None else {}
    out = {}
    for brand in brands:
        ranges = contexts.get(brand)
        if ranges is None or (len(ranges) == 1 and ranges[0] == (0, len(toks), False)):
            out[brand] = BrandContext([], [], whole=True, named=ranges is not None)
        else:
            out[brand] = BrandContext([t for s in ranges if not s.reversed for t in toks[s.start:s.end]],
                                      [t for s in ranges if s.reversed for t in toks[s.start:s.end]],
                                      ranges=tuple((s.start, s.end) for s in ranges))
    return out


class BrandSentimentComponent:
    """`doc._.brand_sentiment`: {brand: Sentiment} from each brand's own context (`brand_token_contexts`), and
    `doc._.brand_scope`: the token ranges about the brands (None: the whole text), where categories are looked for.

    A brand the text does not name (its query matched a synonym; a review of the company) gets the
    mention's sentiment, and so does the brand of a customer's story (`stories.story_of`); a named brand
    whose context judges nothing (it only speaks, or is named in passing) is neutral, and so is one whose
    context holds no evidence of the praise or blame (`backed`), including when that context is the whole text.
    """

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        brands = list(ext.brands or ())
        if not brands or not is_french(ext.lang) or ext.sentiment is None:
            return doc
        whole = Sentiment(ext.sentiment, ext.sentiment_score, ext.sentiment_mixed)
        toks = ext.sentiment_tokens
        model = self.nlp.get_pipe("veille_sentiment").model
        contexts = brand_token_contexts(ext.words, toks, brands, companies_in(doc))
        named_whole = (backed(whole, ext.sentiment_features, toks)  # its context: the whole text
                       if any(c.whole and c.named for c in contexts.values()) else whole)
        ext.brand_sentiment = {b: (named_whole if c.named else whole) if c.whole else context_sentiment(model, c)
                               for b, c in contexts.items()}
        for b, c in contexts.items():
            if ext.brand_sentiment[b].label == "negative" and c.named:
                ext.brand_sentiment[b] = unless_a_death(ext.brand_sentiment[b], toks if c.whole else c.direct,
                                                        lambda b=b: is_person(doc, ext.words, b))
        ext.brand_scope = (None if any(c.whole for c in contexts.values())
                           else sorted({r for c in contexts.values() for r in c.ranges}))
        return doc


MIRROR = {"positive": "negative", "negative": "positive", "neutral": "neutral"}


def context_sentiment(model: SentimentModel, context: BrandContext) -> Sentiment:
    """The model on a brand's own tokens; the compared ones read the other way round: a brand that is only
    the compared one ("Orange est plus cher que Free" for Free) gets the mirror of the subject's verdict."""
    if not context.direct and not context.compared:
        return Sentiment("neutral", 0.0)
    if not context.direct:
        label, score = model.decide(model.probabilities([extract(context.compared)])[0])
        return Sentiment(MIRROR[label], -score)
    features = extract(context.direct)
    p = model.probabilities([features])[0]
    if not context.compared:
        return backed(judge(model, context.direct, features, p), features, context.direct)
    p = (p + model.probabilities([extract(context.compared)])[0][::-1]) / 2  # neg ↔ pos for the compared part
    return Sentiment(*model.decide(p))  # a comparison is a judgement: no further evidence needed


# Blame words that also name the everyday mishap a customer reports and sees put right (« panne réglée en une heure,
# technicien au top ») or a comparison (« le pire, c'est… ») : beside praise they are not bad news of the brand.
MISHAPS = frozenset({"pire", "pires", "panne", "retard", "retards", "erreur", "erreurs", "fautes", "perte", "pertes",
                     "perdre", "perd", "perdent", "annuler", "annule", "annulé", "annulée", "fermer", "fermé", "fermée",
                     "plainte", "critique", "critiquer", "critiqué", "critiquée", "échec", "échouer", "échoue",
                     "coupure", "coupures", "plantage", "plantages", "lenteur", "lenteurs", "déconnexion",
                     "déconnexions", "abîmé", "abîmée", "abîmés", "abîmées"})


@cache
def bad_news() -> frozenset[str]:
    """The blame words of `brand_evidence` that are news events (`condamné`, `grève`), not MISHAPS."""
    return brand_evidence()[1] - MISHAPS


# textblob-fr's adjectives are mild praise (`nouveau` 0.34, `première` 0.5, `matériel` 0.29): alone, they back praise
# of a brand from this weight (their sum over √(words + 1)), one strong adjective in a short text (`fabuleux`, `belle`).
# « Alstom a transféré 150 tonnes de matériel dans ses nouvelles usines » reports, it does not praise.
MILD_PRAISE = 0.3
CLEAR_PRAISE = 0.5  # an own-lexicon score at or above it is clear praise


@cache
def clear_praise() -> frozenset[str]:
    """The words of our own lexicon that praise clearly, whatever role the features gave them: `Super` at a
    sentence's start is read as the grade of the next word when spaCy tags that noun as a verb (« Super initiative
    d'Alstom ! »), and its praise was lost. Only where the lexicons see no blame: `super lent` is blame."""
    return frozenset(w for w, v in own_polarity()[0].items() if v >= CLEAR_PRAISE)


def backed(verdict: Sentiment, features: Features, toks: Sequence[Tok]) -> Sentiment:
    """Precision first for a brand the text names: praise or blame needs evidence on its side in the brand's own
    context: a word of `lexicons.brand_evidence` (news events such as `plonge`, `condamné`, `bondit`; comparatives)
    or of the lexicons: for blame, not counting the words that only set the scene (`crise`, `pandémie`); for praise,
    our own lexicon or enough of textblob-fr's mild adjectives (`MILD_PRAISE`). On its n-grams and
    mean word vector alone, the model reads an article's topic as blame of every brand it names, and a headline's
    wording as praise or blame of a brand it only reports on. Praise next to a bad-news event of the brand's context
    (`bad_news`: `condamné`, `suppressions`, not a mishap put right) is not kept either: the model read `des millions
    s'envolent` as good news; the reverse (blame next to good news) is kept, a missed complaint costing more than a
    false alarm."""
    if verdict.label == "neutral":
        return verdict
    negative = verdict.label == "negative"
    praise_words, blame_words, situation = brand_evidence()
    if not negative and any_evidence(toks, bad_news()):
        return Sentiment("neutral", verdict.score, verdict.mixed)  # praise beside bad news of the brand: no praise
    if any_evidence(toks, blame_words if negative else praise_words):
        return verdict
    if negative:
        if any_evidence(toks, situation):  # the lexicons' blame, without the words that set the scene
            features = extract([t for t in toks if t.lower not in situation and t.lemma.lower() not in situation])
        evidence = features.lexicon_sides()[1]
    else:
        own, mild = features.praise_weights()
        evidence = (own > 0 or mild >= MILD_PRAISE
                    or (not features.lexicon_sides()[1] and any_evidence(toks, clear_praise())))
    return verdict if evidence else Sentiment("neutral", verdict.score, verdict.mixed)


# A person's death reported (an obituary, a soldier killed, « mort d'Idir » in a news round-up) is sad news, not a
# judgement of that person or of the people named beside them (docs/annotation.md: « 13 soldats tués au Mali » has
# no emotion and blames no one); the lexicons read its sadness as blame.
DEATHS = frozenset({"mort", "morte", "morts", "mourir", "meurt", "meurent", "décès", "décéder", "décédé", "décédée",
                    "tué", "tuée", "tuer", "succomber", "succombé", "obsèques", "funérailles", "nécrologie",
                    "blessé", "blessée", "blessés", "blesser"})  # and the wounds that come before


def unless_a_death(verdict: Sentiment, toks: Sequence[Tok], person: Callable[[], bool]) -> Sentiment:
    """A negative verdict on a person (`person()`, asked last: it reads the entities) whose context reports a death
    and no blame of them is neutral. Blame: a bad-news event (`bad_news`: `condamné`, `scandale`) or a word our own
    lexicon holds for clear blame (`escroquerie`, `honteux`), death words aside."""
    if any_evidence(toks, DEATHS) and not any_evidence(toks, blame_of_a_person()) and person():
        return Sentiment("neutral", verdict.score, verdict.mixed)
    return verdict


CLEAR_BLAME = -0.5  # an own-lexicon score at or below it is clear blame


@cache
def blame_of_a_person() -> frozenset[str]:
    """The bad-news events (`bad_news`) and the words of our own lexicon (`polarity_fr.tsv`) that blame clearly,
    without the death words."""
    return (bad_news() | {w for w, v in own_polarity()[0].items() if v <= CLEAR_BLAME}) - DEATHS


def is_person(doc: Doc, words: list[str], brand: str) -> bool:
    """Whether spaCy's entities read one of the brand's namings in `doc` as a person."""
    persons = [(e.start, e.end) for e in doc.ents if e.label_ == "PER"]
    return any(ps < end and start < pe for start, end in brand_occurrences(words, [brand]).get(brand, [])
               for ps, pe in persons)


NEGATORS = frozenset({"ne", "n'", "n’", "pas", "aucun", "aucune", "sans", "jamais", "ni", "non"})


def any_evidence(toks: Sequence[Tok], words: frozenset[str]) -> bool:
    """A token (its form or lemma, whatever spaCy's casing) among `words`, not negated (`pas de grève`)."""
    return any((t.lower in words or t.lemma.lower() in words)
               and not any(p.lower in NEGATORS for p in toks[max(0, i - 3):i]) for i, t in enumerate(toks))


class EmotionComponent:
    """`doc._.emotions`: {emotion: score} from words naming a feeling and emoji, in the title and lead (emotions.py)."""

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        if not is_french(ext.lang):
            return doc
        toks = ext.sentiment_tokens
        features = extract(toks[:LEAD_TOKENS]) if len(toks) > LEAD_TOKENS else ext.sentiment_features
        ext.emotions = emotion_scores(features)
        return doc


class TopicComponent:
    """`doc._.keyphrases`, `doc._.categories` [(value, score)] and `doc._.entities` [(kind, text)]."""

    def __init__(self, nlp: Language) -> None:
        self.lexicon = Lexicon(nlp)

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        if ext.lang != "fr":
            return doc
        brands = ext.brands or ()
        toks = list(doc)  # once: every doc[i] or iteration builds new Token objects
        lowers = [t.lower_ for t in toks]
        ext.keyphrases = keyphrases(toks, lowers, {fold(b) for b in brands}, self.lexicon)
        ext.categories = categories(toks, ext.brand_scope)
        ext.entities = entities(doc, brands, self.lexicon, any("#" in w for w in lowers))
        return doc


class MotivationComponent:
    """`doc._.motivations`: {motivation: probability} from the motivation model (multi-label, see
    motivation_model.py), on the sentiment features the sentiment component already computed."""

    def __init__(self, model_path: str) -> None:
        self.model_path = model_path

    @cached_property
    def classifier(self) -> MotivationModel:
        """Loaded on first use, so a pipeline that only tokenizes (the model's own build) needs no model file
        (not named `model`: spaCy inspects that attribute when it builds the pipeline)."""
        return load_motivation_model(self.model_path)

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._
        if ext.lang == "fr":
            inputs = motivation_inputs(doc_text(doc), ext.sentiment_tokens, ext.sentiment_features)
            ext.motivations = self.classifier.decide(self.classifier.probabilities([inputs])[0])
        return doc


def load_sentiment_model(model_path: str) -> SentimentModel:
    """The shipped model, or a user model (`veille train-sentiment`) stacked on it.

    A user model learned on top of another shipped model (Veille was upgraded since) would read
    the new model's outputs wrongly: the shipped model is used instead, with a warning.
    """
    if not model_path:
        return shipped_model()
    user = SentimentModel.load(Path(model_path), base=shipped_model())
    if user.meta.get("base") != shipped_model_digest():
        log.warning("%s a été entraîné avec une autre version de Veille : modèle livré utilisé. "
                    "Relancez `veille train-sentiment` pour l'adapter.", model_path)
        return shipped_model()
    return user


def load_motivation_model(model_path: str) -> MotivationModel:
    """The shipped motivation model, or a user model (`veille train-motivations`) stacked on it; like
    `load_sentiment_model`, a user model made on another shipped model is set aside with a warning."""
    if not model_path:
        return shipped_motivation_model()
    user = MotivationModel.load(Path(model_path), base=shipped_motivation_model())
    if user.meta.get("base") != shipped_motivation_digest():
        log.warning("%s a été entraîné avec une autre version de Veille : modèle livré utilisé. "
                    "Relancez `veille train-motivations` pour l'adapter.", model_path)
        return shipped_motivation_model()
    return user


Language.component("space_pos", requires=["token.pos"], assigns=["token.pos", "token.morph"], func=space_pos)


@Language.factory("veille_language", assigns=["doc._.lang", "doc._.lang_score"])
def make_language(nlp: Language, name: str) -> LanguageComponent:
    return LanguageComponent()


@Language.factory("veille_sentiment", default_config={"model_path": ""}, requires=["doc._.lang", "token.lemma", "token.pos"],
                  assigns=["doc._.sentiment", "doc._.sentiment_score", "doc._.sentiment_mixed", "doc._.sentiment_tokens",
                           "doc._.sentiment_features", "doc._.words"])
def make_sentiment(nlp: Language, name: str, model_path: str) -> SentimentComponent:
    return SentimentComponent(load_sentiment_model(model_path))


@Language.factory("veille_brand_sentiment",
                  requires=["doc._.sentiment", "doc._.sentiment_tokens", "doc._.words", "doc.ents"],
                  assigns=["doc._.brand_sentiment", "doc._.brand_scope"])
def make_brand_sentiment(nlp: Language, name: str) -> BrandSentimentComponent:
    return BrandSentimentComponent(nlp)


@Language.factory("veille_emotions", requires=["doc._.lang", "doc._.sentiment_features"], assigns=["doc._.emotions"])
def make_emotions(nlp: Language, name: str) -> EmotionComponent:
    return EmotionComponent()


@Language.factory("veille_topics", requires=["doc._.lang", "doc._.brand_scope", "doc.ents", "token.lemma", "token.pos"],
                  assigns=["doc._.keyphrases", "doc._.categories", "doc._.entities"])
def make_topics(nlp: Language, name: str) -> TopicComponent:
    return TopicComponent(nlp)


@Language.factory("veille_motivations", default_config={"model_path": ""},
                  requires=["doc._.lang", "doc._.sentiment_tokens", "doc._.sentiment_features"], assigns=["doc._.motivations"])
def make_motivations(nlp: Language, name: str, model_path: str) -> MotivationComponent:
    return MotivationComponent(model_path)
