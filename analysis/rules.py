"""Hand-written French rules for sentiment: negation, intensity, social-media spelling, irony markers.

Written for Veille (no third-party data). The sentiment features (`sentiment_features.py`)
apply them token by token.
"""

from __future__ import annotations

import re

# Words that open a negation scope. `plus`, `rien`, `personne` only negate after `ne`/`n'`
# (otherwise "plus de choix" would be negated); `pas`, `jamais`, `aucun`, `sans` negate alone
# (spoken French drops `ne`: "c'est pas terrible").
NEGATORS = frozenset({"pas", "jamais", "aucun", "aucune", "sans", "ni", "guère", "nullement", "non"})
NE = frozenset({"ne", "n'", "n’", "n"})
NEGATORS_AFTER_NE = frozenset({"plus", "rien", "personne", "que"})
# A negation scope ends at punctuation or at these words (a new clause starts).
SCOPE_BREAKERS = frozenset({"mais", "et", "car", "donc", "or", "puis", "sinon", "alors", "pourtant", "cependant"})
SCOPE_TOKENS = 4  # content words a negator reaches after it

INTENSIFIERS = {
    "très": 1.5, "trop": 1.5, "tro": 1.5, "vraiment": 1.4, "vrmt": 1.4, "tellement": 1.6, "hyper": 1.6,
    "ultra": 1.6, "super": 1.4, "grave": 1.5, "archi": 1.6, "complètement": 1.5, "totalement": 1.5,
    "extrêmement": 1.8, "absolument": 1.5, "carrément": 1.5, "franchement": 1.2, "si": 1.3, "aussi": 1.1,
    "vachement": 1.5, "beaucoup": 1.3, "méga": 1.6, "hyper-": 1.6, "particulièrement": 1.4, "profondément": 1.5,
}
# Intensifiers that grade only these next words. `beaucoup` (and `bcp`, its slang) grades an excess or a comparison
# (`beaucoup trop cher`, `beaucoup plus cher`): read as a word there, its positive lean (vector +0.4, textblob +0.1)
# made both neutral. Elsewhere it stays a word: `beaucoup mieux` keeps its bit of praise, `j'aime beaucoup`,
# `pas beaucoup de réseau`.
GRADES_ONLY = {"beaucoup": frozenset({"trop", "plus", "moins"})}
# `moins cher` is praise, `moins bien` is blame: these flip the next polar word (2 words reach).
INVERTERS = frozenset({"moins"})
INVERTER_REACH = 2
DIMINISHERS = {"peu": 0.5, "assez": 0.7, "plutôt": 0.7, "légèrement": 0.5, "moyennement": 0.4, "presque": 0.6}

# Social-media spellings → standard forms (looked up on lower-cased tokens).
SLANG = {
    "tro": "trop", "bi1": "bien", "b1": "bien", "c": "c'est", "cé": "c'est", "ct": "c'était", "ke": "que",
    "koi": "quoi", "pk": "pourquoi", "pq": "pourquoi", "pkoi": "pourquoi", "bcp": "beaucoup",
    "tjrs": "toujours", "tjs": "toujours", "vrmt": "vraiment", "mm": "même", "jsp": "je ne sais pas",
    "jsuis": "je suis", "chui": "je suis", "chuis": "je suis", "g": "j'ai", "jai": "j'ai", "ya": "il y a",
    "y'a": "il y a", "pa": "pas", "pr": "pour", "ds": "dans", "slt": "salut", "dsl": "désolé",
    "mrc": "merci", "mci": "merci", "stp": "s'il te plaît", "svp": "s'il vous plaît", "kiff": "kiffer",
    "kiffe": "kiffer", "kif": "kiffer", "ouff": "ouf", "nulle": "nul", "naz": "naze", "genial": "génial",
    "decu": "déçu", "deçu": "déçu", "déçue": "déçu", "decue": "déçu", "decevant": "décevant",
    "degoute": "dégoûté", "dégouté": "dégoûté", "dégoutée": "dégoûté", "honteuse": "honteux",
    "inadmissible": "inadmissible", "arnaqueur": "arnaque", "arnaqueurs": "arnaque", "foutu": "fichu",
    "tkt": "t'inquiète", "mdrr": "mdr", "mdrrr": "mdr", "ptdrr": "ptdr", "xd": "xD", "jpp": "mdr",
}
# Laughing tokens: positive when alone, often ironic next to negative words (the model learns both).
LAUGHS = frozenset({"mdr", "ptdr", "lol", "haha", "hahaha", "xd", "jpp", "😂", "🤣"})

# Irony markers: with a positive word in a negative context they flip its polarity
# (fixed ironic phrases such as `merci pour rien` are in data/polarity_fr.tsv).
IRONY_EMOJI = frozenset({"🙄", "🙃", "😏", "🤡", "😒"})
IRONY_HASHTAGS = frozenset({"#ironie", "#sarcasme", "#ironique", "#fail", "#merci"})
# Words that announce a complaint around praise ("Bravo, encore une panne").
IRONY_WORDS = frozenset({"encore", "ironie", "sarcasme", "évidemment", "bien sûr", "hein"})

_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")


def squeeze(word: str) -> tuple[str, bool]:
    """`nuuuul` → `nul`, `trooop` → `trop`: (squeezed, was elongated). Runs of 3+ letters become one."""
    squeezed = _ELONGATED.sub(r"\1", word)
    return squeezed, squeezed != word
