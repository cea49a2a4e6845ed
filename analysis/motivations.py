"""Why the author shared: the six motivations of docs/motivations.md (after Ogilvy 2014 / Ipsos 2013).

Multi-label, rule-based: each cue (word, phrase, emoji, or a property of the text such as
a link or a question to the readers) adds weight to a motivation; confidence = 1 − e^(−weight).
Labels at or above MIN_CONFIDENCE are kept (`motivation_scores`, the reference of `veille eval
motivations`). The tagger uses the learned model of motivation_model.py, which reads these rules'
hits and confidences among its inputs. Definitions and examples: docs/motivations.md.
"""

from __future__ import annotations

import math
import re

from analysis.brands import fold_text

MIN_CONFIDENCE = 0.5


def _cues(*pairs: tuple[float, str]) -> list[tuple[float, re.Pattern]]:
    """(weight, regex on the folded text: lower case, no accents)."""
    return [(w, re.compile(p)) for w, p in pairs]


# Patterns run on fold(text): lower case, accents removed, so `petition` matches `pétition`.
CUES: dict[str, list[tuple[float, re.Pattern]]] = {
    "cause": _cues(
        (1.2, r"\b(signez|signer|signe[sz]?) (la|notre|cette)? ?petition|\bpetition\b"),
        (1.0, r"\bboycott\w*|#stop\w+|#non\w+|#justice\w*|#balance\w*"),
        (0.9, r"\b(mobilis\w+|manifest\w+|rassemblement|marche pour|greve generale|appel a)\b"),
        (0.8, r"\b(il faut|on doit|nous devons|exigeons|exigez|exige|agissons|agissez|stop a|non a|halte a|"
              r"assez de|ca suffit|levons-nous|battons-nous|luttons|luttez)\b"),
        (0.7, r"\b(soutenez|soutenons|soutien a|solidarite|faites un don|donnez|cagnotte|collecte)\b"),
        (0.6, r"\b(pour la planete|pour le climat|urgence climatique|droits? des|injustice|scandale|honte a|"
              r"denonc\w+|inadmissible|revoltant)\b"),
        (0.5, r"\b(partagez|rt|relayez|faites tourner|diffusez)\b"),
        (0.4, r"\b(cause|combat|militant\w*|citoyen\w*|ensemble)\b"),
    ),
    "connection": _cues(
        (1.0, r"\b(merci|remercie\w*|thanks?|mercii+)\b"),
        (1.0, r"\b(bravo|felicitations?|felicite\w*|chapeau|bien joue)\b"),
        (1.0, r"\b(joyeux anniversaire|bon anniversaire|bonne annee|bonnes fetes|joyeux noel|bonne journee|"
              r"bonne soiree|bon week-end|bon courage|bonne chance|prenez soin)\b"),
        (0.8, r"\b(coucou|salut|hello|bonjour a tous|bisous?|des bises|a bientot|on se voit|hate de vous|"
              r"vous nous manquez|tu me manques|rdv|retrouvailles)\b"),
        (0.6, r"\b(qui (vient|est chaud|est dispo|a teste|connait)|vous aussi|et vous|vous en pensez quoi|"
              r"qu'en pensez-vous|des avis|dites-moi)\b"),
        (0.5, r"^@\w+|\b(avec (mes|ma|mon|nos) (amis|potes|collegues|famille|equipe))\b"),
        (0.4, r"[❤💕🙏🤗😘]"),
    ),
    "information": _cues(
        (0.9, r"https?://|\bwww\.|\bt\.co/|\bhttp\b"),
        (0.8, r"\b(selon|d'apres|annonce\w*|publie\w*|rapport|etude|enquete|chiffres?|sondage|bilan|"
              r"communique|officiel\w*|confirme\w*|devoile\w*|revele\w*)\b"),
        (0.7, r"\b(a lire|a voir|a decouvrir|decouvrez|retrouvez|en savoir plus|infographie|dossier|"
              r"podcast|video|replay|thread|fil|explications?|on vous explique|comment (faire|choisir)|"
              r"astuces?|conseils?|guide|tuto\w*|bon a savoir|rappel ?:|info\b|infos\b|#info|alerte)\b"),
        (0.6, r"\d+ ?(%|euros?|€|millions?|milliards?|km|mw|gw|emplois|salaries)"),
        (0.5, r"\b(nouveau|nouvelle|disponible|des (le|aujourd'hui|demain)|a partir d[ue]|ouvre|"
              r"ferme|horaires?|tarifs?|date|calendrier|lancement|entre en vigueur)\b"),
        (0.4, r"^[^a-z]*[a-z][^!?]{20,}:\s"),  # headline style "Sujet : …"
        (0.3, r"\d{1,2} ?h ?\d{0,2}\b|\b\d{1,2}/\d{1,2}\b|\b(janvier|fevrier|mars|avril|mai|juin|juillet|aout|"
              r"septembre|octobre|novembre|decembre)\b"),
    ),
    "entertainment": _cues(
        (1.2, r"\b(mdr+|ptdr+|lol+|jpp|xptdr|mort de rire|hahaha*|hihi+|xd)\b|[😂🤣😹]"),
        (0.9, r"\b(blague|humour|drole|marrant|meme|parodie|sketch|fun|rigol\w+|#humour|#lol|#meme)\b"),
        (0.6, r"[🙃😜🤪😆😅🤡]|\b(ironie|#ironie|#sarcasme)\b"),
        (0.5, r"\b(quand (tu|on|ta|ton|vous)|moi quand|pov|la tete de|personne:|on adore)\b"),
    ),
    "identity": _cues(
        (1.0, r"\b(je suis (fier|fiere|fan|une? \w+ qui|quelqu'un|comme ca|team)|en tant que|perso(nnellement)?|"
              r"moi,? je|c'est (tout )?moi|mon style|mes valeurs|je me reconnais|#team\w+|team \w+|"
              r"fan de|fier de|fiere de|depuis toujours|depuis \d+ ans|je ne jure que par)\b"),
        (0.7, r"\b(j'adore|j'aime|je deteste|je kiffe|mon (preferee?|chouchou)|ma (preferee|passion)|"
              r"ma vie|mon quotidien|ma routine|mes gouts)\b"),
        (0.5, r"\b(je|j'|moi|mon|ma|mes)\b.*\b(toujours|jamais|tous les (jours|matins))\b"),
        (0.4, r"\b(vegan|vegetarien\w*|ecolo\w*|geek|gamer|maman|papa|parisien\w*|breton\w*|sportif|sportive)\b"),
    ),
    "recommendation": _cues(
        (1.2, r"\b(je (vous )?(recommande|conseille|deconseille)|a recommander|je recommande|recommande[sz]?|"
              r"a eviter|a fuir|fuyez|foncez|allez-y|testez|essayez|n'achetez pas|n'allez pas|"
              r"les yeux fermes|a tester|a decouvrir absolument|ne vous faites pas avoir|mefiez-vous|"
              r"passez votre chemin|je valide|a ne pas rater|bon plan)\b"),
        (0.8, r"\b(5 etoiles|cinq etoiles|1 etoile|une etoile|\d ?/ ?(5|10|20)|note ?:|avis ?:|mon avis|"
              r"rapport qualite[- ]prix|vaut (le coup|le detour)|ne vaut pas|meilleur\w* (achat|adresse|rapport))\b"),
        (0.6, r"\b(je ne (commanderai|reviendrai|rachete\w*) plus|plus jamais|je reviendrai|on y retourne|"
              r"j'y retourne|je rachete\w*|client fidele|je change d'|je quitte|je resilie)\b"),
        (0.4, r"\b(top|nul|excellent|deplorable|decevant|decu|parfait|impeccable|arnaque)\b"),
    ),
}


_PERSONAL = re.compile(r"\b(je|j'|moi|mon|ma|mes|tu|t'|toi|ton|ta|tes|vous|votre|vos|nous|notre|nos|on)\b|[!?]")
_WORDS = re.compile(r"\w+")


def _impersonal_statement(folded: str) -> bool:
    """A statement of six words or more, with no I/you/we and no ! or ?: the style of news and notices."""
    return len(_WORDS.findall(folded)) >= 6 and not _PERSONAL.search(folded)


def rule_hits(folded: str) -> list[bool]:
    """Which cue of CUES fires on the folded text (in CUES order), then the impersonal-statement style."""
    return [bool(pattern.search(folded)) for cues in CUES.values() for _, pattern in cues] + [
        _impersonal_statement(folded)]


def rule_confidences(hits: list[bool]) -> dict[str, float]:
    """Motivation → 1 − e^(−summed weight of its cues that fire) (the rules' own confidence, every label)."""
    out, at = {}, 0
    for label, cues in CUES.items():
        weight = sum(w for (w, _), hit in zip(cues, hits[at:at + len(cues)], strict=True) if hit)
        if label == "information" and hits[-1]:
            weight += 0.6
        out[label] = 1 - math.exp(-weight)
        at += len(cues)
    return out


def motivation_scores(text: str) -> dict[str, float]:
    """The rules alone: motivation → confidence for the labels at or above MIN_CONFIDENCE, strongest first."""
    scores = rule_confidences(rule_hits(fold_text(text)))
    out = {label: round(c, 3) for label, c in scores.items() if c >= MIN_CONFIDENCE}
    return dict(sorted(out.items(), key=lambda x: -x[1]))
