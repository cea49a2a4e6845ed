"""Keyphrases of a mention: the noun groups it talks about, as short well-formed French noun phrases.

A keyphrase is a run of content words between stop words, punctuation and named entities
(RAKE-style; entities are reported on their own), joined across one `de` that stays in the phrase
(`prix de l'abonnement`, `longueur d'avance`, `port du masque`), kept when it holds a noun.
Part-of-speech tags of `fr_core_news_sm` are too noisy on social text to drive the chunking alone
(`le service client` tags `client` as ADV), and the dependency parser, whose noun chunks would be
the textbook way, is the slowest pipe: it is not loaded.

The head (the words before `de`) is put in the singular when every plural word of it can be
(`investissements massifs` → `investissement massif`, `missions aériennes` → `mission aérienne`),
so that one theme is counted once whatever the number; otherwise it stays as written, in
agreement. The complement after `de` stays as written (`base de données`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Token

from analysis import word_vectors
from analysis.brands import fold
from analysis.rules import INTENSIFIERS, NEGATORS
from analysis.words import PARTICIPLE_ENDINGS, Lexicon

MAX_KEYPHRASES = 6
MAX_WORDS = 3
RARER = 5  # a singular this many times rarer (in frequency rank) than its plural is not its singular
# Nouns too vague to be a topic, and social-media noise.
VAGUE = frozenset(fold(w) for w in (
    "chose", "truc", "fois", "jour", "an", "année", "mois", "semaine", "heure", "minute", "moment", "temps", "gens",
    "personne", "monde", "cas", "façon", "manière", "rien", "tout", "part", "fin", "début", "coup", "peu", "bout",
    "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "matin", "soir", "h", "mdr", "lol",
    "ptdr", "rt", "via", "mi", "http", "https", "merci", "bonjour", "svp", "stp", "euro", "%", "franchement", "vraiment",
    "encore", "aujourd'hui", "hier", "demain", "ça", "ca", "c'est", "oui", "non", "bref", "top", "super",
    "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre",
    "décembre", "week-end", "weekend", "lendemain", "veille", "suite", "lieu", "sorte", "genre", "type", "côté",
    # quantities: `3 millions de clients` is about clients
    "million", "milliard", "millier", "centaine", "dizaine", "douzaine", "nombre", "plupart", "majorité", "partie",
    "moitié", "tiers", "quart", "total", "ensemble", "série", "foule", "tas",
))
LINKS = frozenset({"de", "d'", "d’", "du", "des"})
ARTICLES = frozenset({"l'", "l’", "la", "le", "les"})
DETERMINERS = frozenset({"le", "la", "l'", "l’", "un", "une", "du", "ce", "cet", "son", "sa", "leur", "tout", "aucun"})
DEGREE = frozenset({"plus", "moins", "très", "trop", "si", "aussi", "assez"})  # what comes before an adjective
SENTENCE_ENDS = frozenset({".", "!", "?", "…", "\n", ":", ";", "-", "–", "—"})
NOUNISH = frozenset({"NOUN", "PROPN"})
# Nouns of prepositional phrases, after `à`, `au`, `en`, `par` (+ article) and before `de` or `à` (`à cause de`, `au
# sein du`, `par rapport à`, `en train de`): the text is not about them.
LOCUTION_NOUNS = frozenset({  # not the VAGUE ones (`au lieu de`, `à la suite de`): never a theme anyway
    "abri", "aide", "base", "bord", "cause", "chevet", "condition", "cours", "défaut", "dépit", "détriment", "égard",
    "encontre", "faveur", "fonction", "force", "hauteur", "insu", "instar", "issue", "matière", "mesure", "milieu",
    "nom", "occasion", "origine", "partir", "place", "profit", "proximité", "raison", "rapport", "regard", "sein",
    "terme", "termes", "titre", "train", "travers", "vue",
})
LOCUTION_OPENERS = frozenset({"à", "au", "aux", "en", "par"})
LOCUTION_CLOSERS = frozenset({"de", "d'", "d’", "du", "des", "à", "au", "aux"})
# ... those that need no preposition before them (`face à`, `grâce au`, `faute de`; `mise en place`, whose theme
# would need more words), and adverbial phrases
BARE_LOCUTIONS = {"face": ("à", "au", "aux"), "grâce": ("à", "au", "aux"), "faute": ("de", "d'", "d’"),
                  "mise": ("en", "à", "au"), "prise": ("en",)}  # `mise en place`
ADVERBIAL = {"vrac": ("en",), "arrière": ("en",), "avant": ("en",), "passage": ("au",), "gros": ("en",),
             "détail": ("en",), "revanche": ("en",), "outre": ("en",), "cours": ("en",), "chef": ("en",),
             "terme": ("à",), "retardement": ("à",), "encombre": ("sans",), "surprise": ("sans",),
             "délai": ("sans",), "doute": ("sans",), "contre": ("par",), "défaut": ("par",), "exemple": ("par",),
             "hasard": ("par",), "habitude": ("d'", "d’")}
# Nouns that open a sentence as a comment, not a theme (`Résultat, je n'ai rien reçu`), and interjections
# (`Dommage !`, `c'est dommage`, `Bravo à l'équipe`) unless a determiner makes them nouns (`le dommage subi`)
COMMENT_NOUNS = frozenset({"résultat", "bilan", "conclusion", "attention", "verdict"})
INTERJECTIONS = frozenset({"dommage", "bravo"})
# A participle closing a noun group before one of these had its complement cut off (`destinée à`, `présidée par`)
AGENT_OR_OBJECT = frozenset({"à", "au", "aux", "par"})
NOT_CONTENT = frozenset({"AUX", "PRON", "DET", "ADP", "CCONJ", "SCONJ", "PUNCT", "NUM", "SYM", "SPACE", "PART"})


@dataclass(slots=True)
class Word:
    """A content word of the text: a token, or tokens joined by hyphens without spaces (`week-end`)."""

    tokens: list[Token]
    text: str
    pos: str
    participle: bool = False  # an adjective in the group (`personnel soignant`, `colis perdu`), not `reçoit`

    def next(self) -> Token | None:
        """The token after the word."""
        last = self.tokens[-1]
        return last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None


def _pos(toks: list[Token], tags: list[str], lowers: list[str], i: int, lex: Lexicon) -> str:
    """The tagger's part of speech (`tags`), set right by what the lexicon knows of the word and its neighbours.

    - A word tagged NOUN (or PROPN) is a verb before a determiner after a name or a pronoun (`Édouard Philippe livre ses
      arbitrages`), an adjective after `plus`, `très` (`plus facile d'utilisation`) or when the lexicon knows it
      only as one (`partie externe`), an adverb when it is one in -ment (`reçu tardivement`).
    - A known noun tagged VERB is a noun (`de l'abonnement`, `zone rouge`, `marché immobilier`, `idée`) unless its
      neighbour makes it a verb: a conjugated form after a subject or an adverb (`ça marche bien`, `j'estime`,
      `des payeurs menace`), an infinitive after a preposition or a verb (`pour aller`); a participle stays one.
      An adjective tagged VERB is an adjective (`obligatoire`).
    - `ma commande` tagged ADJ is a noun.
    """
    pos = tags[i]
    if not lex.nouns or pos not in ("VERB", "NOUN", "PROPN", "ADJ"):
        return pos
    text = lowers[i]
    noun = text in lex.nouns or (text.endswith(("s", "x")) and text[:-1] in lex.nouns)
    before = tags[i - 1] if i else ""
    if pos == "ADJ":
        known = noun and before == "DET" and text not in lex.adjectives
        return "NOUN" if known and toks[i].lemma_ not in lex.adjectives else pos
    if pos != "VERB":
        if (before in ("PROPN", "PRON", "") and i + 1 < len(tags) and tags[i + 1] == "DET"
                and (lex.verb_form(text) or text + "r" in lex.verbs)):
            return "VERB"
        if text in lex.adjectives and ((i and lowers[i - 1] in DEGREE) or (
                not noun and toks[i].lemma_ not in lex.nouns and not toks[i].text[:1].isupper())):
            return "ADJ"
        adverb = text.endswith("ment") and not noun and text in lex.adverbs and toks[i].lemma_ not in lex.nouns
        return "ADV" if adverb else pos
    form = toks[i].morph.get("VerbForm")
    if not noun:
        return "ADJ" if text in lex.adjectives and "Inf" not in form and not _verbal(text, lex) else pos
    if text.endswith(PARTICIPLE_ENDINGS) or ("Part" in form and text.endswith(("ise", "ises"))):
        return pos if _verbal(text, lex) else "NOUN"
    if before in ("DET", "") or lowers[i - 1] in ("l'", "l’"):
        return "NOUN"
    if "Fin" in form and before in ("PRON", "NOUN", "PROPN", "ADV", "AUX", "VERB") and _verbal(text, lex):
        return pos
    if "Inf" in form and before in ("ADP", "PRON", "AUX", "VERB", "ADV") and text.endswith(("er", "ir", "re")):
        return pos
    return "NOUN"


def _verbal(text: str, lex: Lexicon) -> bool:
    """A form of a known verb, also when it is a noun too (`menace`, `marche`, `donné`: `menacer`, `marcher`,
    `donner`; `soignant`: `soigner`)."""
    if lex.verb_form(text) or text + "r" in lex.verbs:
        return True
    stem = text.rstrip("s").removesuffix("e")
    return ((stem.endswith("é") and stem[:-1] + "er" in lex.verbs)
            or (stem.endswith("ant") and stem[:-3] + "er" in lex.verbs))


def _locution(lowers: list[str], i: int) -> bool:
    """The noun of a prepositional or adverbial phrase (`à cause de`, `au sein du`, `à l'abri des`, `face à`, `faute
    de`, `en vrac`, `à terme` as well as `au terme de`), a sentence's opening comment (`Résultat,`) or an
    interjection: it is not what the text talks about."""
    text, after = lowers[i], lowers[i + 1] if i + 1 < len(lowers) else ""
    before = lowers[i - 1] if i else "."
    if text in INTERJECTIONS:
        return before not in DETERMINERS
    if (after in BARE_LOCUTIONS.get(text, ()) or before in ADVERBIAL.get(text, ())
            or (text in COMMENT_NOUNS and before in SENTENCE_ENDS and after in (",", ":", "!", "…", "..."))):
        return True
    if text not in LOCUTION_NOUNS or after not in LOCUTION_CLOSERS:
        return False
    if before in ARTICLES and i > 1:
        before = lowers[i - 2]  # `à l'abri de`, `à la hauteur du`
    return before in LOCUTION_OPENERS


def _content(token: Token, text: str, pos: str, skip: set[str], lex: Lexicon) -> bool:
    """A word that can be part of a theme; `_words` has already left out stop words, punctuation and names."""
    if pos == "ADV" and lex.nouns and (text not in lex.nouns or text in lex.adverbs):
        return False  # `client` tagged ADV is a noun; `bien`, `proche`, `régulièrement` are adverbs
    folded = fold(text)
    return (pos not in NOT_CONTENT and text not in NEGATORS and text not in INTENSIFIERS and folded not in VAGUE
            and folded not in skip and fold(token.lemma_) not in VAGUE)


def _words(toks: list[Token], lowers: list[str], skip: set[str], lex: Lexicon) -> list[Word | str]:
    """Content words as `Word`s, every other token as its lower-case text (stop words, `de`, punctuation)."""
    words: list[Word | str] = []
    tags = [t.pos_ for t in toks]
    i, n = 0, len(toks)
    while i < n:
        tok, text = toks[i], lowers[i]
        if i + 2 < n and lowers[i + 1] == "-" and not tok.whitespace_ and not toks[i + 1].whitespace_:
            j = i  # `week-end`, `start-up`, `Covid-19`
            while j + 2 < n and lowers[j + 1] == "-" and not toks[j].whitespace_ and not toks[j + 1].whitespace_:
                j += 2
            group = toks[i:j + 1]
            text = "".join(lowers[i:j + 1])
            if (all(t.is_alpha for t in group[::2]) and not any(t.ent_type_ for t in group)
                    and fold(text) not in VAGUE and fold(text) not in skip):
                pos = "NOUN" if any(t.pos_ == "NOUN" for t in group) else tok.pos_
                words.append(Word(group, text, pos))
            else:
                words.append(text)
            i = j + 1
            continue
        if tok.is_stop or not tok.is_alpha or len(text) < 2 or tok.ent_type_:
            words.append(text)  # what `_content` refuses first, before the costlier part of speech
            i += 1
            continue
        pos = _pos(toks, tags, lowers, i, lex)
        if _content(tok, text, pos, skip, lex) and not _locution(lowers, i):
            participle = (pos == "VERB" and text.endswith(PARTICIPLE_ENDINGS)
                          and "Fin" not in tok.morph.get("VerbForm"))  # `reçoit` ends like `conduit`
            words.append(Word([tok], text, pos, participle))
        else:
            words.append(text)
        i += 1
    return words


def _runs(words: list[Word | str]) -> list[tuple[list[Word], list[str], list[Word]]]:
    """(head, link, complement): content words, then optionally `de` (+ article) and more content words."""
    runs = []
    i, n = 0, len(words)
    while i < n:
        if isinstance(words[i], str):
            i += 1
            continue
        head: list[Word] = []
        while i < n and not isinstance(words[i], str) and len(head) < MAX_WORDS:
            head.append(words[i])
            i += 1
        link: list[str] = []
        tail: list[Word] = []
        if i < n and len(head) < MAX_WORDS and isinstance(words[i], str) and words[i] in LINKS:
            j = i + 1
            if j < n and isinstance(words[j], str) and words[j] in ARTICLES and words[i] in ("de", "d'", "d’"):
                j += 1
            k = j
            while k < n and not isinstance(words[k], str) and len(head) + len(tail) < MAX_WORDS:
                tail.append(words[k])
                k += 1
            if k < n and not isinstance(words[k], str):
                tail = []  # `établissement scolaire du second [degré]`: a cut complement says nothing
            if tail:
                link = words[i:j]
                i = k
        runs.append((head, link, tail))
    return runs


def _noun_group(words: list[Word], lex: Lexicon) -> list[Word]:
    """Cut what a noun group cannot hold: a noun after a postposed adjective (`marché français compte`), a verb
    (`prix deviennent négatifs`, `maladie progresse`; the tagger's ADV is kept when it is a noun: `client`), a
    participle opening the group (`reconnu maladie professionnelle`) or closing it before its complement (`rotation
    destinée` [à…], `association présidée` [par…], `infographie détaillant` [les…])."""
    def adjective(w: Word) -> bool:
        return w.pos == "ADJ" or w.participle

    for n in range(2, len(words)):  # after a noun and its adjective, only another adjective
        if not adjective(words[n]) and adjective(words[n - 1]) and words[n - 2].pos in NOUNISH:
            words = words[:n]
            break
    for n in range(1, len(words)):  # a postposed participle agrees with its noun (`table de massage commandée`)
        if words[n].participle and words[n - 1].pos == "NOUN" and not _agree(words[n - 1], words[n]):
            words = words[:n]
            break

    def verb(w: Word) -> bool:
        return w.pos == "VERB" or (w.pos == "ADV" and w.text not in lex.nouns) or lex.is_verb(w.text)

    def finite(w: Word) -> bool:
        """Certainly a conjugated verb, so it ends the group (`prix deviennent`), not an unknown word (`model`)."""
        return not w.participle and (lex.is_verb(w.text) or (w.pos == "VERB" and _verbal(w.text, lex)))

    def cut_off(w: Word) -> bool:
        """A participle whose complement or object follows, outside the group."""
        if not w.participle:
            return False
        after = w.next()
        return after is not None and (
            after.lower_ in AGENT_OR_OBJECT or (w.text.endswith(("ant", "ants")) and after.pos_ in ("DET", "PRON")))

    while words and verb(words[0]):  # participles too
        words = words[1:]
    for n in range(1, len(words)):
        if finite(words[n]):
            words = words[:n]
            break
    while words and ((verb(words[-1]) and not words[-1].participle) or cut_off(words[-1])):
        words = words[:-1]  # `personnel soignant`, `colis perdu` keep their participle
    return words


def _agree(noun: Word, participle: Word) -> bool:
    """A participle after a noun agrees with it (`table de massage commandée`: `commandée` is the table's). Only its
    written ending is trusted: the tagger's genders are often wrong on adjectives that have one form (`russe`), and
    `promis`, `inclus` are singular as well as plural."""
    text, morph = participle.text, noun.tokens[-1].morph
    gender, number = morph.get("Gender"), morph.get("Number")
    feminine = text.endswith(("ée", "ées", "ise", "ises", "ite", "ites", "ue", "ues", "ie", "ies"))
    masculine = text.endswith(("é", "és", "i", "is", "u", "us"))
    plural = text.endswith(("és", "ées", "ises", "ites", "ues", "ies"))
    singular = not text.endswith("s")
    return not ((feminine and gender == ["Masc"]) or (masculine and gender == ["Fem"])
                or (plural and number == ["Sing"] and not noun.text.endswith(("s", "x")))
                or (singular and number == ["Plur"] and (feminine or masculine)))


def _singular(word: Word) -> str | None:
    """The singular of a plural noun or adjective, None when it cannot be told (then the group stays plural)."""
    form = word.text
    if not form.endswith(("s", "x")):
        return form
    tok = word.tokens[0]
    if word.pos == "VERB" and form.endswith(("és", "ées", "ies", "ues", "ts", "tes")):
        return form[:-1]  # a participle: `véhicules équipés` → `véhicule équipé`
    if word.pos == "VERB" and form.endswith(("is", "us")):  # `promis`, `inclus`: one form for both numbers
        return form[:-1] if "Plur" in tok.morph.get("Number") else form
    if len(word.tokens) > 1 or word.pos not in ("NOUN", "ADJ") or "Plur" not in tok.morph.get("Number"):
        return form
    lemma = tok.lemma_.lower()
    if form == lemma:
        return form  # `prix`
    if form[:-1] == lemma:
        singular = lemma  # `investissements` → `investissement`
    elif form.endswith("es") and form[:-1].startswith(lemma):
        singular = form[:-1]  # `aériennes` → `aérienne`, `sociales` → `sociale`
    elif form.endswith("aux") and lemma.endswith(("al", "ail")):
        singular = lemma  # `sociaux` → `social`
    else:
        return None
    return singular if _written(singular, form) else None


def _written(singular: str, form: str) -> bool:
    """The singular is a word people write, not the lemmatizer's guess at a word that ends in -s
    (`nounours` → `nounour`, `temps` → `temp`): it has a vector and is not far rarer than the form."""
    rank, form_rank = word_vectors.frequency_rank(singular), word_vectors.frequency_rank(form)
    return rank is not None and (form_rank is None or rank < RARER * (form_rank + 1))


def _noun(word: Word, nouns: frozenset[str]) -> bool:
    """Tagged a noun, or a known noun the tagger called an adverb (`service client`)."""
    return word.pos in NOUNISH or (word.pos == "ADV" and word.text in nouns)


def _alone_noun(word: Word, lex: Lexicon) -> bool:
    """A one-word keyphrase must be a noun: `temporaire` is not; `commun`, `simple` (nouns and adjectives) only
    after a determiner (`le commun des mortels`). The lexicon misses the nouns that end in -s or -x in the singular
    (`prix`, `colis`, `avis`): such a word, unknown to it, is a noun when tagged one and common enough to have a
    vector."""
    if not lex.nouns:
        return True
    tok = word.tokens[0]
    lemma = tok.lemma_.lower()
    if word.text not in lex.nouns and lemma not in lex.nouns:
        tagged = word.pos == "NOUN" or (word.pos == "PROPN" and tok.text.islower())  # `colis` tagged PROPN
        return (tagged and word.text.endswith(("s", "x")) and word.text not in lex.forms
                and fold(word.text) not in lex.common and word_vectors.frequency_rank(word.text) is not None)
    if word.text in lex.adjectives or lemma in lex.adjectives:
        return tok.i > 0 and tok.doc[tok.i - 1].pos_ == "DET"
    return True


def _phrase(head: list[Word], link: list[str], tail: list[Word]) -> str:
    singular = [_singular(w) for w in head]
    text = " ".join(s for s in singular) if all(s is not None for s in singular) else " ".join(w.text for w in head)
    if link:
        joint = " ".join(w.replace("’", "'") for w in link)
        text += f" {joint}{'' if joint.endswith(chr(39)) else ' '}{' '.join(w.text for w in tail)}"
    return text


def keyphrases(toks: list[Token], lowers: list[str], skip: Iterable[str] = (),
               lexicon: Lexicon | None = None) -> list[tuple[str, float]]:
    """Up to MAX_KEYPHRASES (phrase, score in (0, 1]) of the tokens of a Doc (`list(doc)`: every doc[i] would
    build a new Token object) and their lower-case texts; `skip` holds folded brand names to leave out. The
    lexicon's nouns rescue words the tagger calls adverbs, and a phrase of one word must be a noun."""
    lexicon = lexicon or Lexicon()
    nouns = lexicon.nouns
    words = _words(toks, lowers, set(skip), lexicon)
    counts: dict[str, int] = {}
    order: dict[str, int] = {}
    sizes: dict[str, int] = {}
    for run, link, tail in _runs(words):
        head = _noun_group(run, lexicon)
        tail = _noun_group(tail, lexicon) if head and head[-1] is run[-1] else []  # `de` on a gone word
        if not tail:
            link = []
        if tail and not any(_noun(w, nouns) for w in tail):
            link, tail = [], []
        content = head + tail
        if not any(_noun(w, nouns) for w in head):
            continue  # `menacée de fermeture`
        if len(content) == 1 and not _alone_noun(content[0], lexicon):
            continue
        phrase = _phrase(head, link, tail)
        counts[phrase] = counts.get(phrase, 0) + 1
        order.setdefault(phrase, len(order))
        sizes[phrase] = len(content)
    if not counts:
        return []
    top = max(counts.values())
    ranked = sorted(counts, key=lambda p: (-counts[p], -sizes[p], order[p]))[:MAX_KEYPHRASES]
    return [(p, round(min(1.0, 0.3 + 0.15 * sizes[p] + 0.4 * counts[p] / top), 3)) for p in ranked]
