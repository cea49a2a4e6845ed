"""What the lemmatizer knows of French words, and how often each written form is seen.

Shared by keyphrases (is this word a verb the tagger missed?) and entities (is this capitalised
word a common word rather than a name?). A written form is "common" when the French fastText
vocabulary (`word_vectors.frequency_rank`) sees it far more often in lower case (`livraison` ≫
`Livraison`) than as written (`Paris` ≫ `paris`): that separates capitalised common words from
names without any list of names.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from spacy.lang.fr.stop_words import STOP_WORDS as FRENCH_STOP_WORDS
from spacy.language import Language
from spacy.lookups import Table

from analysis import word_vectors
from analysis.brands import fold
from storage.query import spelling_key

FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"
PUBLIC_FIGURES_FILE = FIRST_NAMES_FILE.parent / "public_figures.txt"
KNOWN_ORGANISATIONS_FILE = FIRST_NAMES_FILE.parent / "known_organisations.txt"
COUNTRIES_FILE = FIRST_NAMES_FILE.parent / "countries.txt"
# Words that are never a name on their own: interjections, sign-offs (`Cordialement`), social-media noise (`Jai`),
# common abbreviations, units, common nouns with a capital (`Internet`, `État`).
NOT_NAMES = frozenset(fold(w) for w in (
    "eh", "oh", "ah", "bah", "ben", "ouais", "bof", "hein", "hélas", "bravo", "merci", "bonjour", "bonsoir", "salut",
    "coucou", "voilà", "voila", "allez", "wow", "waouh", "ouf", "zut", "mince", "bref", "ok", "okay", "oups", "hé",
    "oui", "non", "nan", "yes", "lol", "mdr", "ptdr", "rt", "via", "http", "https", "www", "sav", "s.a.v", "pdg",
    "drh", "ttc", "ht", "cdi", "cdd", "sms", "pdf", "faq", "rib", "tva", "eur", "chf", "usd", "euro", "euros",
    "mb", "mo", "go", "ko", "gb", "gbit", "mbit", "kbit", "kwh", "mwh", "km", "kg", "cm", "mm", "svp", "stp",
    "bcp", "tjrs", "ca", "ça", "cc", "nb", "ps", "pj", "ras", "tél", "tel", "n°", "jai", "cordialement",
    "amicalement", "salutations", "internet", "web", "état",
    # computing's common nouns, written as acronyms (`une VM`, `le PC`, `en SSH`)
    "pc", "vm", "vms", "os", "ram", "cpu", "gpu", "ssd", "usb", "ssh", "tcp", "ip", "dns", "vpn", "api", "url",
    "wifi", "gps", "nas", "motd", "led", "hd", "fullhd", "adsl", "4g", "5g",
))
# Past and present participles are adjectives in a noun group (`personnel soignant`, `produit livré`).
PARTICIPLE_ENDINGS = ("é", "ée", "és", "ées", "ant", "ants", "ante", "antes", "i", "ie", "is", "ies", "u", "ue", "us",
                      "ues", "it", "ite", "its", "ites", "ert", "erte", "erts", "ertes", "int", "inte", "eint", "ainte")
# A capitalised form this many times rarer than the lower-case one is a common word (`Livraison`).
COMMON_RATIO = 2.5
CACHE_LIMIT = 50_000
# Prefixes that make a new common word of a dictionary one (folded); the stem left must have MIN_DERIVED_STEM letters,
# so that a name that merely starts like one (`Prévoir`, `Transdev`) is not taken apart.
DERIVING_PREFIXES = ("de", "des", "re", "pre", "post", "anti", "contre", "sur", "sous", "auto", "neo", "hyper",
                     "super", "inter", "multi", "tele", "co", "non")  # not `mal` (`Malthazard`, a film's character)
MIN_DERIVED_STEM = 5


def _first_names() -> frozenset[str]:
    lines = FIRST_NAMES_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(fold(w) for line in lines if not line.startswith("#") for w in line.split())


FIRST_NAMES = _first_names()
# Brill's English lexicon, shipped with textblob (a dependency: the baseline): `word TAG` per line. Found without
# importing textblob, which imports nltk: 40 MB more in each tagging process.
ENGLISH_LEXICON = Path(find_spec("textblob").origin).resolve().parent / "en" / "en-lexicon.txt"


def _english_common() -> frozenset[str]:
    """English common words (`running`, `always`, `none`): lower-case entries not tagged as proper nouns, nor as
    foreign words (`FW`: the lexicon's `de`, `la`, `et` are French), and no French function word (`pour`, `on`): a
    line that holds one is French."""
    words = set()
    for line in ENGLISH_LEXICON.read_text(encoding="utf-8").splitlines():
        word, _, tags = line.partition(" ")
        if word.isalpha() and word.islower() and not tags.startswith(("NNP", "FW")):
            words.add(word)
    return frozenset(words - FRENCH_STOP_WORDS)


ENGLISH_COMMON = _english_common()


def _names(path: Path, key: Callable[[str], str]) -> frozenset[str]:
    """A list of names written for Veille, one per line (`#` comments), each as `key` writes it."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(key(line.strip()) for line in lines if line.strip() and not line.startswith("#"))


PUBLIC_FIGURES = _names(PUBLIC_FIGURES_FILE, fold)  # names of one person alone (`Macron`, `Le Pen`, `Greta Thunberg`)
# `Netflix`, `Le Monde`, `Commission européenne`; `France`, `États-Unis`, `Sahel`: by spelling (`BFM TV`, `BFMTV`)
KNOWN_ORGANISATIONS = _names(KNOWN_ORGANISATIONS_FILE, spelling_key)
COUNTRIES = _names(COUNTRIES_FILE, spelling_key)


class Lexicon:
    """What the lemmatizer of the loaded model knows of French words, built once per pipeline."""

    def __init__(self, nlp: Language | None = None) -> None:
        self.nouns: frozenset[str] = frozenset()  # lemmas of the index, per part of speech
        self.adjectives: frozenset[str] = frozenset()
        self.verbs: frozenset[str] = frozenset()
        self.adverbs: frozenset[str] = frozenset()
        self.common: frozenset[str] = frozenset()  # folded nouns, adjectives, verbs, adverbs
        self.irregular: dict = {}  # verb exceptions: form -> [lemma] (`fuyez` -> `fuir`)
        self.forms: dict | Table = {}  # lookup table: form -> [lemma] (`contactés` -> `contacter`)
        self._verbs_seen: dict[str, bool] = {}
        if nlp is None or "lemmatizer" not in nlp.pipe_names:
            return
        lookups = nlp.get_pipe("lemmatizer").lookups
        index = lookups.get_table("lemma_index")
        self.nouns, self.adjectives = frozenset(index.get("noun", ())), frozenset(index.get("adj", ()))
        self.verbs, self.adverbs = frozenset(index.get("verb", ())), frozenset(index.get("adv", ()))
        self.common = frozenset(fold(w) for pos in ("noun", "adj", "verb", "adv") for w in index.get(pos, ()))
        self.irregular = lookups.get_table("lemma_exc").get("verb", {})
        self.forms = lookups.get_table("lemma_lookup")

    def is_verb(self, word: str) -> bool:
        """A conjugated verb that is not also a noun or a participle (`progresse`, `préconisent`; not `compte`,
        `missions`, `données`, `soignant`). Remembered: the same words come back in every text."""
        known = self._verbs_seen.get(word)
        if known is None:
            known = (self.verb_form(word) and not word.endswith(PARTICIPLE_ENDINGS)
                     and not any(w in self.nouns for w in (word, word[:-1], self.lemma(word, "noun"))))
            if len(self._verbs_seen) > CACHE_LIMIT:
                self._verbs_seen.clear()
            self._verbs_seen[word] = known
        return known

    def verb_form(self, lower: str) -> bool:
        """`fuyez`, `contactés`, `maintenez`: an inflected form of a known verb."""
        lemmas = self.irregular.get(lower) or self.forms.get(lower)
        return bool(lemmas) and lemmas[0] != lower and (lemmas[0] in self.verbs or lower in self.irregular)

    def lemma(self, lower: str, pos: str = "verb") -> str:
        """The dictionary form of a word (`fuyez` → `fuir`; with pos="noun", `missions` → `mission`, not the
        subjunctive of `mettre`), else the word."""
        lemmas = (self.irregular.get(lower) if pos == "verb" else None) or self.forms.get(lower)
        return lemmas[0] if lemmas else lower

    def noun_form(self, lower: str) -> bool:
        """`acteurs`, `coupures`: an inflected form of a known noun or adjective."""
        lemmas = self.forms.get(lower)
        return bool(lemmas) and lemmas[0] != lower and fold(lemmas[0]) in self.common

    def derived(self, folded: str) -> bool:
        """A prefixed form of a dictionary word, new to the vocabulary (`deconfinement`, `surtourisme`): the words a
        news cycle coins, typed as names by the entity recognizer (`Déconfinement` was the commonest « person » of
        the real press feeds)."""
        return any(folded.startswith(prefix) and folded[len(prefix):] in self.common
                   for prefix in DERIVING_PREFIXES if len(folded) - len(prefix) >= MIN_DERIVED_STEM)

    def ratio(self, text: str) -> float | None:
        """How much rarer `text` as written is than its lower-case form (> 1: usually lower case).

        Capitals often lose their accent: `Ecologie` is compared with `écologie` too."""
        lower = text.lower()
        if lower == text:
            return None
        rank_lower, rank_written = word_vectors.frequency_rank(lower), word_vectors.frequency_rank(text)
        if text[0] == "E":
            accented = word_vectors.frequency_rank("é" + lower[1:])
            if accented is not None and (rank_lower is None or accented < rank_lower):
                rank_lower = accented
        if rank_lower is None:
            return None if rank_written is None else 0.0
        if rank_written is None:
            return float("inf")
        return (rank_written + 1) / (rank_lower + 1)

    def is_common(self, text: str, alone: bool) -> bool:
        """A common word rather than a name: `Livraison`, `Fuyez`, `Bonne`; not `Paris`, `Orange`, `Pierre`."""
        lower = text.lower()
        folded = fold(text)
        if folded in NOT_NAMES:
            return True
        ratio = self.ratio(text)
        if ratio is None:
            return ((folded in self.common or self.verb_form(lower) or self.noun_form(lower) or self.derived(folded))
                    and folded not in FIRST_NAMES)
        if ratio > COMMON_RATIO:
            return True
        # Usually lower case, and a verb form or a dictionary word: `Fuyez` (ratio 1.7), `Rose` alone is kept.
        verb = self.verb_form(lower) and lower not in self.nouns and lower not in self.adjectives  # not `Orange`
        return ratio > 1 and (verb or (not alone and (folded in self.common or self.noun_form(lower))))
