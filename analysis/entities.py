"""Named entities of a mention: spaCy's spans cleaned of what real French text puts in them, and hashtags.

On real feeds, tweets and reviews the NER model returns spans such as `AG2R n’` (elision),
`Boston http` (a link's leftover), `Fuyez`, `Contactés`, `Bonne sélection` (a capitalised word at
the start of a sentence), `Panne Orbelle` (a common noun glued to a name), `Ségolène Royal
Ministre` (a title), and types `Emmanuel Macron` as an organisation, `Netflix` as a miscellaneous name and
`France` as an organisation (lists written for Veille: `words.PUBLIC_FIGURES`, `KNOWN_ORGANISATIONS`,
`COUNTRIES`). Each rule below removes one
of these classes of error; `docs/nlp.md` ("Entités") lists them with their effect on the real
development set.

Whether a capitalised word is a common word or a name is `words.Lexicon.is_common`'s call.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from analysis.brands import fold, fold_apostrophes
from analysis.words import (
    COUNTRIES,
    ENGLISH_COMMON,
    FIRST_NAMES,
    KNOWN_ORGANISATIONS,
    NOT_NAMES,
    PUBLIC_FIGURES,
    Lexicon,
)
from storage.query import full_name_keys, short_form_key, spelling_key

KINDS = frozenset({"ORG", "PER", "LOC", "MISC"})
HASHTAG = "HASHTAG"
# `#Énergie`, `#CIBL101.5`, `#mardis2lavenir`; not `&#39;` (an HTML entity) nor `page#section`.
HASHTAG_RE = re.compile(r"(?<![\w#&/])#(\w+(?:[.\-]\w+)*)")
ELIDED = re.compile(r"^(?:[ldjmnstcy]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)
# Capitalised elisions that start names (`L’Oréal`, `L’Obs`, `D’Artagnan`) are kept.
NAME_ELISIONS = ("L'", "L’", "D'", "D’")
# Punctuation that separates two names or a name from the rest: `CFDT - Suspension`, `Politique | Nice-Matin`.
SEPARATOR_CHARS = set("|()[]{}<>«»“”\"•;:!?…/=+*,–—")
SENTENCE_END = frozenset({".", "!", "?", "…", ":", ";", "|", "-", "–", "—", "«", "»", "\"", "“", "”", "(", ")",
                          "/", "•", "*", "...", "!!", "?!", "!!!", "??"})
LINK_WORDS = frozenset({"http", "https", "www", "rt", "via"})
ARTICLES = frozenset({"le", "la", "les", "l'", "l’", "du", "des", "au", "en"})  # before a place or a thing, not a person
# Public figures whose name is also a place: after `de`, spaCy's LOC is kept (`le fromage de Hollande`).
ALSO_PLACES = frozenset({"hollande"})
FROM_WORDS = frozenset({"de", "d'", "d’"})
PARTICLES = frozenset({"de", "du", "des", "d'", "d’", "la", "le", "les", "l'", "l’", "van", "von", "der", "den",
                       "del", "della", "di", "da", "dos", "el", "al", "ben", "bin", "y", "et", "&", "the", "of",
                       "sur", "en", "à", "au", "aux", "pour"})
# Determiners that never start a name (`Mon Orbelle`, `Un pygmée Baka`); `Le`, `La`, `Les` do (`Le Monde`).
NEVER_LEADING = frozenset({"mon", "ma", "mes", "ton", "ta", "tes", "son", "sa", "ses", "notre", "votre", "leur",
                           "nos", "vos", "leurs", "ce", "cet", "cette", "ces", "un", "une", "chez", "avec", "pour",
                           "par", "selon", "et", "ou", "mais", "donc", "car", "ni", "vers", "contre", "sans",
                           "sous", "dans", "depuis", "entre", "merci", "bravo", "bonjour", "salut", "cher", "chère", "des"})
# Before a name, a person: left in the name when spaCy put them there (`M. Night Shyamalan`).
CIVILITIES = frozenset({"m.", "mme", "mme.", "mlle", "me", "dr", "dr.", "pr", "monsieur", "madame", "mademoiselle"})
# Titles before (`président Macron`, `Préfet de Vaucluse`) or after (`Ségolène Royal Ministre`) a name.
TITLES = frozenset({
    "président",
    "présidente", "ministre", "député", "députée", "sénateur", "sénatrice", "maire", "préfet", "préfète", "pdg",
    "patron", "patronne", "directeur", "directrice", "dg", "secrétaire", "porte-parole", "général", "générale",
    "juge", "pape", "roi", "reine", "prince", "princesse", "candidat", "candidate", "chancelier", "chancelière",
    "premier", "première", "chef", "cheffe", "conseiller", "conseillère", "commissaire", "ambassadeur",
    "ambassadrice", "haut-commissaire", "haute-commissaire", "gouverneur", "délégué", "déléguée", "fondateur",
    "fondatrice", "président-directeur",
    "acteur", "actrice", "réalisateur", "réalisatrice", "chanteur", "chanteuse", "comédien", "comédienne",
    "écrivain", "écrivaine", "auteur", "autrice", "journaliste", "entraîneur", "sélectionneur", "avocat",
    "avocate", "professeur", "docteur", "maître", "ex", "ex-président", "ex-ministre",
})
PERSON_TITLES = (TITLES - {"premier", "première", "ex", "chef", "cheffe"}) | CIVILITIES
HYPHEN_PARTICLES = frozenset({"ci", "là", "même", "mêmes"})  # `ce modèle-ci`, `lui-même`
ORDINAL = re.compile(r"^[IVXLC]+(?:e|er|ème|eme)$")
# The head nouns of French institutions' names, which French typography writes with one capital and lower-case
# adjectives after it (`Conseil constitutionnel`, `Assemblée nationale`, `Banque centrale européenne`).
INSTITUTION_HEADS = frozenset({
    "agence", "assemblée", "autorité", "banque", "caisse", "commission", "comité", "confédération", "conseil",
    "cour", "fédération", "fondation", "front", "garde", "gilets", "ministère", "mouvement", "office",
    "organisation", "parlement", "parquet", "parti", "rassemblement", "sécurité", "éducation", "tribunal", "union",
})
MAX_ADJECTIVES = 2  # `Banque centrale européenne`


def hashtags(doc: Doc) -> list[tuple[int, int, str]]:
    """(start char, end char, `#tag` as written) of the hashtags of the text."""
    text = doc.text
    return [(m.start(), m.end(), m.group(0)) for m in HASHTAG_RE.finditer(text)] if "#" in text else []


def _breaker(tok: Token, tags: list[tuple[int, int, str]]) -> bool:
    """A token that cannot be inside a name: link, handle, hashtag, separator, line break."""
    text = tok.text
    if tok.is_space or tok.like_url or text.startswith("@") or text.lower() in LINK_WORDS or "://" in text:
        return True
    if any(c in SEPARATOR_CHARS for c in text) or text in ("'", "’") or (ELIDED.match(text) and text[0].islower()
                                                                        and text[0] not in "ld"):
        return True  # `Août j’ai vérifié`: a pronoun's elision is never inside a name; `d’`, `l’` may be
    if text == "-":  # `CFDT - Suspension` separates; `Joon-Ho`, `Seine-Maritime` do not
        return bool(tok.whitespace_) or (tok.i > 0 and bool(tok.doc[tok.i - 1].whitespace_))
    if text == "." and tok.i > 0 and len(tok.doc[tok.i - 1].text) > 2:
        return True
    start, end = tok.idx, tok.idx + len(text)
    return any(s < end and start < e for s, e, _ in tags)


def _sentence_start(doc: Doc, i: int) -> bool:
    """Token i starts a sentence or a segment (after punctuation, a line break, a link or a hashtag)."""
    if i == 0:
        return True
    prev = doc[i - 1]
    return (prev.is_space or prev.text in SENTENCE_END or prev.like_url or prev.lower_ in LINK_WORDS
            or prev.text.startswith(("#", "@")) or (prev.i > 0 and doc[prev.i - 1].text == "#"))


def _pieces(ent: Span, tags: list[tuple[int, int, str]]) -> list[list[Token]]:
    """The entity cut at every token that cannot be inside a name."""
    out: list[list[Token]] = [[]]
    for tok in ent:
        if _breaker(tok, tags) or (out[-1] and tok.lower_ in TITLES and tok.text[0].isupper()
                                   and not (tok.i == ent.end - 1 and _surname_particle(out[-1]))):
            out.append([])  # `Ségolène Royal Ministre de l'Écologie`: the title ends the name
        else:
            out[-1].append(tok)
    return [p for p in out if p]


def _surname_particle(piece: list[Token]) -> bool:
    """`Bruno Le` before `Maire` ending the name: a capital `Le`/`La` after a first name starts a surname, not a
    title (but `Philippe Le Roi des Belges` is Philippe, the king: the title does not end the entity)."""
    return len(piece) >= 2 and piece[-1].text in ("Le", "La") and fold(piece[-2].text) in FIRST_NAMES


def _not_a_name_start(text: str) -> bool:
    """`la`, `qu’`, `cluster`: lower case once an elided clitic is removed (`l’Ecotaxe` is a start)."""
    core = text if text.startswith(NAME_ELISIONS) else ELIDED.sub("", text)
    return not core or core[0].islower() or not (core[0].isalnum() or core[0] == "#")


def _article(piece: list[Token], label: str) -> bool:
    """A capital `L'`/`D'` that is an article, not the start of a name like `L'Oréal`: before a lower-case word
    (`L'épidémie de SARS-CoV-2`), or opening a sentence before a place or an acronym (`L'Ukraine`, `L'ONU`), which
    never carry their article inside the name. In a headline in capitals (`L'OBS RÉVÈLE`) every word looks like
    an acronym: the article stays."""
    if len(piece) < 2 or piece[0].text not in NAME_ELISIONS:
        return False
    rest, doc = piece[1], piece[0].doc
    if rest.text[0].islower():
        return True
    if not _sentence_start(doc, piece[0].i):
        return False
    after = doc[rest.i + 1] if rest.i + 1 < len(doc) else None
    return label == "LOC" or (rest.text.isupper() and not (after is not None and after.is_alpha and after.is_upper))


def _is_title(tok: Token) -> bool:
    return tok.lower_ in TITLES


def _trim(piece: list[Token], label: str, lex: Lexicon) -> tuple[list[Token], bool]:
    """Drop what surrounds the name: determiners, clitics, lower-case words, titles. Returns (tokens, titled)
    where `titled` says a person's title stood right before the name (`président Macron`)."""
    doc = piece[0].doc
    titled = piece[0].i > 0 and doc[piece[0].i - 1].lower_ in PERSON_TITLES
    while piece:
        first = piece[0]
        text = first.text
        if first.lower_ in PARTICLES and fold(_text(piece)) in PUBLIC_FIGURES:
            break  # `Le Pen`: the particle is part of the name
        if _is_title(first):
            titled = first.lower_ in PERSON_TITLES
            piece = piece[1:]
            while piece and piece[0].lower_ in PARTICLES:  # `Préfet de Vaucluse`, `ministre de l'Écologie`
                titled = False
                piece = piece[1:]
        elif _not_a_name_start(text) or first.lower_ in NEVER_LEADING or _article(piece, label):
            piece = piece[1:]
        elif (len(piece) > 1 and _sentence_start(doc, first.i) and first.is_alpha and not piece[1].text[0].islower()
              and lex.is_common(text, alone=True) and not lex.is_common(piece[1].text, alone=False)):
            piece = piece[1:]  # `Panne Orbelle chez vous ?`: a sentence's capital, then the name
        else:
            break
    while piece:
        last = piece[-1]
        text = last.text
        if _hyphenated(piece):  # `Kim Jong-un`, `Bong Joon-Ho`: the end of a word, not a word of its own
            break
        lowered = text[0].islower() and label != "MISC"  # lower-case words do end titles of works
        if (text.endswith(("'", "’")) or (_is_title(last) and not _surname_particle(piece[:-1])) or last.lower_ in LINK_WORDS
                or (last.is_stop and (len(piece) > 1 or lowered))
                or (lowered and (last.is_stop or last.pos_ in ("VERB", "AUX", "ADV", "PRON", "DET", "ADP"))
                    and last.lower_ not in PARTICLES)):
            piece = piece[:-1]
        elif piece[-1].lower_ in PARTICLES and len(piece) > 1:
            piece = piece[:-1]
        else:
            break
    return piece, titled


def _hyphenated(piece: list[Token]) -> bool:
    """The piece ends with `-word` glued to the word before (`Jong`, `-`, `un`), not a particle (`Pockex-ci`)."""
    return (len(piece) > 2 and piece[-2].text == "-" and not piece[-2].whitespace_ and not piece[-3].whitespace_
            and piece[-1].is_alpha and piece[-1].lower_ not in HYPHEN_PARTICLES)


def _text(piece: list[Token]) -> str:
    doc = piece[0].doc
    text = " ".join(doc[piece[0].i:piece[-1].i + 1].text.split())
    match = ELIDED.match(text)
    if match and not text.startswith(NAME_ELISIONS):
        text = text[match.end():]
    return text.strip(" .,;:!?\"'«»()[]’‘“”-–—_")


def _is_name(piece: list[Token], text: str, lex: Lexicon) -> bool:
    """Not a common word, a verb, an interjection or a sentence of common words."""
    if len(text) < 2 or not any(c.isalpha() for c in text) or not any(c.isupper() for c in text):
        return False
    if ORDINAL.match(text) or "_" in text:  # `XVIIIe` (siècle); `LC_ALL`, `RUN_TESTS`: code, not a name
        return False
    words = [t for t in piece if t.is_alpha]
    if words and _english(words, lex):
        return False
    if len(piece) == 1:
        tok = piece[0]
        if tok.i > 0 and tok.doc[tok.i - 1].like_num and len(text) <= 4:  # `100 Mb`, `4 G`: a unit
            return False
        if _imperative(tok):
            return False
        return not (tok.is_stop or lex.is_common(text, alone=True))
    if not words:
        return True
    common = [t.lower_ in PARTICLES or t.is_stop or fold(t.text) in NOT_NAMES or lex.is_common(t.text, alone=False)
              for t in words]
    if not all(common):
        return True
    if len(words) >= 4 and words[0].is_stop and words[0].lower_ not in PARTICLES:
        return False  # `Rien à dire sur le jeu des acteurs`: a sentence, whatever its capital
    # `Bonne sélection` opening a review, `PAS BUVABLE`, `Eh ouais`: common words, not a name.
    noise = all(t.is_stop or fold(t.text) in NOT_NAMES for t in words)
    return not (noise or all(t.is_upper for t in words) or _sentence_start(piece[0].doc, piece[0].i))


def _people(piece: list[Token], lex: Lexicon) -> bool:
    """`Brésiliens`, `Russes`, `Catalans`: a people (the plural of a word both adjective and noun, as those of origin
    are), which the NER calls a place; the annotation guide names places, not their inhabitants. Not `Invalides`
    (an adjective only: the place in Paris), nor `Privas` (a town the lexicon reads as the verb `priver`)."""
    if len(piece) != 1:
        return False
    lower = piece[0].lower_
    lemma = lex.lemma(lower, "adj")
    return (lower.endswith(("s", "x")) and lemma != lower and lemma in lex.adjectives and lemma in lex.nouns
            and lemma not in lex.verbs)


def _imperative(tok: Token) -> bool:
    """`Notez le petit (yt)`, `Débuggez une portion du code`: a verb in -ez opening a sentence before its object's
    determiner, which the lexicon may not know (`débugger`) and a capital makes look like a name. Not before a
    clitic (`Sánchez se rend`, `Rodez s'impose`): an imperative puts its pronouns after it (`Notez-le`)."""
    doc = tok.doc
    return (tok.lower_.endswith("ez") and tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "DET"
            and _sentence_start(doc, tok.i))


def _english(words: list[Token], lex: Lexicon) -> bool:
    """`Collecting`, `Running`, `Using cached`, `Always`: English common words (not French ones) in a line with no
    French word, such as a terminal's output pasted in a French blog. One French word keeps them: `Zoom : le patron
    répond`. Words all capitalised are a title (`Dark Reader`, a browser extension). The price: an English sentence's
    product named by one common word (`Paper is an icon theme`)."""
    if any(t.lower_ not in ENGLISH_COMMON or fold(t.text) in lex.common for t in words) or (
            len(words) > 1 and all(t.text[0].isupper() for t in words)):
        return False
    doc, start, end = words[0].doc, words[0].i, words[-1].i + 1
    while start > 0 and not (doc[start - 1].is_space and "\n" in doc[start - 1].text):
        start -= 1
    while end < len(doc) and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    return not any(t.is_alpha and t.lower_ not in ENGLISH_COMMON and (t.is_stop or fold(t.text) in lex.common)
                   for t in doc[start:end])


def _kind(label: str, piece: list[Token], text: str, titled: bool, brands: set[str], whole: bool) -> str:
    """The entity's kind; `whole`: spaCy's span was exactly this piece, so its label is about it."""
    first = piece[0]
    capitalised_next = len(piece) > 1 and piece[1].text[:1].isupper()
    before = first.doc[first.i - 1].lower_ if first.i > 0 else ""
    article = before in ARTICLES
    # `Hollande`, not `en Hollande`, nor the place spaCy sees in `revient de Hollande`
    place = label == "LOC" and before in FROM_WORDS and fold(text) in ALSO_PLACES
    known = fold(text) in PUBLIC_FIGURES and not article and not place
    listed = spelling_key(text)
    if listed in KNOWN_ORGANISATIONS and not titled and not (first.i > 0 and first.doc[first.i - 1].text in ("un", "une")):
        return "ORG"  # `Netflix`, `OVH`, `Santé publique France`: spaCy's MISC, LOC or PER as often; `une Dacia` a product
    if fold_apostrophes(text) in brands:
        # A watched brand is an organisation unless spaCy sees a person that takes no article (`Macron`,
        # `Ségolène Royal`; not `la Poste`). Persons are brands too: a minister, a director, an actor.
        person = ((label == "PER" and whole and not article) or titled or known
                  or (fold(first.text) in FIRST_NAMES and capitalised_next))
        return "PER" if person else "ORG"
    if titled or known or (fold(first.text.split("-")[0]) in FIRST_NAMES and (capitalised_next or len(piece) == 1)):
        return "PER"  # `Emmanuel Macron`, `Jean-Luc Douin`, `président Macron`, `Pierre`, `Sarkozy`
    if listed in COUNTRIES:
        return "LOC"  # `France`, `URSS`: spaCy's ORG or PER
    if label == "PER" and first.lower_ in INSTITUTION_HEADS:
        return "ORG"  # `Gilets jaunes`, spaCy's person
    return label


def entities(doc: Doc, brands: Iterable[str], lex: Lexicon, hashtag: bool = True) -> list[tuple[str, str]]:
    """(kind, text) of the mention's names: PER, ORG, LOC, MISC and HASHTAG, each name once.

    Merging, within the mention: a surname alone joins the full name (`Macron` → `Emmanuel Macron`);
    a name that is also a hashtag joins the hashtag (`PanneOrbelle`, `Panne-Orbelle` → `#PanneOrbelle`),
    the form a campaign is followed under; one text gets one kind (the most frequent).
    `hashtag`: whether a token holds a `#` (False spares reading the whole text again).
    """
    folded_brands = {fold_apostrophes(b) for b in brands}
    elided_brands = {b for b in folded_brands if b.startswith(("l'", "d'"))}
    tags = hashtags(doc) if hashtag else []
    found: list[tuple[str, str]] = []
    for ent in doc.ents:
        label = ent.label_
        if label not in KINDS:
            continue
        end = ent.end
        while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
               and not doc[end].whitespace_ and doc[end + 1].text[:1].isupper()):
            end += 2  # spaCy stopped at the hyphen of `Leroy-Merlin`, `Joon-Ho`
        end = _adjectives_end(doc, ent.start, end, lex)
        ent = doc[ent.start:end] if end > ent.end else ent
        for piece in _pieces(ent, tags):
            piece, titled = _trim(piece, label, lex)
            if not piece:
                continue
            whole = not any(t.text[:1].isupper() for t in ent[:piece[0].i - ent.start])
            if elided_brands and _cut_elision(piece, elided_brands):
                piece = [doc[piece[0].i - 1], *piece]  # `L'Oréal`, which the NER starts after its `L'`
            text = _text(piece)
            if fold_apostrophes(text) not in folded_brands and (not _is_name(piece, text, lex)
                                                                or (label in ("LOC", "MISC") and _people(piece, lex))):
                continue
            found.append((_kind(label, piece, text, titled, folded_brands, whole), text))
    return _merge(found, [t for _, _, t in tags])


def _adjectives_end(doc: Doc, start: int, end: int, lex: Lexicon) -> int:
    """Where an institution's name ends: after its lower-case adjectives. spaCy stops `le Conseil constitutionnel`
    and `les Gilets jaunes` after the head noun, and `Conseil` alone names nothing. Not a participle
    (`l'Assemblée réunie hier`)."""
    head = doc[start]
    if end - start != 1 or not head.text[0].isupper() or head.lower_ not in INSTITUTION_HEADS:
        return end
    while (end < len(doc) and end - start <= MAX_ADJECTIVES and doc[end - 1].whitespace_ == " "
           and doc[end].pos_ == "ADJ" and doc[end].is_alpha and doc[end].text.islower()
           and not lex.verb_form(doc[end].lower_)):
        end += 1
    return end


def _cut_elision(piece: list[Token], elided_brands: set[str]) -> bool:
    """The watched brand `L'Oréal` was cut after its `L'` (spaCy's NER does at a sentence start). Not an acronym:
    `L'ONU` is the article and `ONU` (see `_article`), even when the brand is written with it."""
    start, name = piece[0].i, _text(piece)
    before = piece[0].doc[start - 1] if start > 0 else None
    return (before is not None and before.text in NAME_ELISIONS and not before.whitespace_ and not name.isupper()
            and fold_apostrophes(before.text + name) in elided_brands)


def _merge(found: list[tuple[str, str]], tags: list[str]) -> list[tuple[str, str]]:
    tag_keys: dict[str, str] = {}
    for tag in tags:
        tag_keys.setdefault(spelling_key(tag), tag)
    spellings: dict[str, dict[str, int]] = {}  # per name (`spelling_key`): its spellings, and the kinds given to it
    votes: dict[str, dict[str, int]] = {}
    for kind, text in found:
        key = spelling_key(text)
        forms, kinds = spellings.setdefault(key, {}), votes.setdefault(key, {})
        forms[text] = forms.get(text, 0) + 1
        kinds[kind] = kinds.get(kind, 0) + 1
    # One spelling per name, its most frequent (`Jean-Michel Blanquer` and `Jean Michel Blanquer` are one person).
    written = {key: max(forms, key=forms.get) for key, forms in spellings.items()}
    kind_of = {key: max(kinds, key=kinds.get) for key, kinds in votes.items()}
    # The short forms of the mention's full names (`Macron` of `Emmanuel Macron`, `UE` of `Union européenne`): the
    # dashboard joins them across mentions by the same keys, so a mention must not hold both forms.
    shortened = {k for key in written for k in full_name_keys(kind_of[key], written[key])}
    out: dict[tuple[str, str], None] = {}
    for key, text in written.items():
        if key in tag_keys:
            continue
        if {short_form_key("PER", text), short_form_key("ORG", text)} & shortened:
            continue  # `Macron` (whatever its kind here) after `Emmanuel Macron`; `UE` after `Union européenne`
        out[(kind_of[key], text)] = None
    for tag in tag_keys.values():
        out[(HASHTAG, tag)] = None
    return list(out)
