"""French (and a little English) sentence templates for the demo content, all fictional.

Templates use `str.format` slots filled per item by `content.Writer`: {B}/{deB} the brand
("Orbelle" / "d'Orbelle": French elision), {B2}/{deB2} a second brand, {box}, {plan}, {app},
{ceo}, {city}/{de_city}, {region}, {price}, {n}, {pct}, {debit}, {days}, {wait}, {years}, {month}/{de_month},
{agent}, {year}. Keys: topic (the e-reputation taxonomy of DESIGN.md) then polarity
(`pos`, `neu`, `neg`). Kept apart from the generator so the writing can grow without touching logic.
"""

from __future__ import annotations

TOPICS = ("service_client", "prix", "qualite", "livraison", "rse", "rh", "leadership", "innovation")

# --- national and regional press -------------------------------------------------------------

PRESS_TITLES = {
    "service_client": {
        "pos": ["{B} divise par deux le temps d'attente de son service client",
                "Service client : {B} arrive en tête du baromètre de satisfaction",
                "{B} rouvre des boutiques et mise sur le conseil en face à face",
                "Le service client {deB} salué par les associations de consommateurs"],
        "neu": ["{B} réorganise son service client autour de {n} centres régionaux",
                "{B} teste un rappel automatique pour les clients en attente",
                "Relation client : ce que change la nouvelle organisation {deB}",
                "{B} publie ses indicateurs de satisfaction du trimestre"],
        "neg": ["Les plaintes contre le service client {deB} s'accumulent",
                "Service client {deB} : l'attente dépasse parfois {wait} minutes",
                "ConsoVigie épingle le service client {deB}",
                "Clients injoignables, conseillers débordés : malaise chez {B}"],
    },
    "prix": {
        "pos": ["{B} baisse le prix de son forfait {plan}",
                "Fibre : {B} lance une offre à {price} euros par mois sans engagement",
                "{B} gèle ses tarifs jusqu'à la fin de l'année",
                "Guerre des prix : {B} frappe fort avec une box à {price} euros"],
        "neu": ["{B} revoit sa grille tarifaire pour {year}",
                "Forfaits mobiles : {B} aligne ses prix sur la concurrence",
                "Ce que coûte vraiment un abonnement fibre chez {B}",
                "{B} simplifie sa gamme de forfaits"],
        "neg": ["{B} augmente ses forfaits de {n} euros, les abonnés grincent des dents",
                "Hausse de prix chez {B} : les clients dénoncent une augmentation déguisée",
                "Frais cachés : {B} rappelé à l'ordre sur ses factures",
                "{B} relève le prix de la box {box}, colère des abonnés"],
    },
    "qualite": {
        "pos": ["Débit mobile : {B} en tête du classement à {city}",
                "{B} améliore nettement sa couverture 4G en zone rurale",
                "La box {box} élue meilleure box de l'année",
                "Réseau : {B} décroche la première place de l'observatoire annuel"],
        "neu": ["{B} installe {n} nouvelles antennes dans la région {de_city}",
                "Couverture mobile : {B} publie sa carte mise à jour",
                "Fibre : {B} raccorde {pct} % de foyers supplémentaires en {region}",
                "{B} modernise son cœur de réseau"],
        "neg": ["Coupures à répétition : les abonnés {deB} à {city} excédés",
                "Zones blanches : {B} accusé de négliger les campagnes",
                "La box {box} victime d'un bug de mise à jour",
                "Débits en baisse : {B} dernier du classement régional"],
    },
    "livraison": {
        "pos": ["{B} promet la livraison de sa box en 48 heures",
                "Carte SIM livrée en un jour : {B} accélère",
                "{B} propose l'installation de la fibre le samedi"],
        "neu": ["{B} change de transporteur pour ses colis",
                "{B} ouvre des points relais pour le retrait des box",
                "Raccordement fibre : {B} annonce des délais de {days} jours en moyenne"],
        "neg": ["Box introuvables : les retards de livraison s'allongent chez {B}",
                "Colis perdus, cartes SIM jamais reçues : les clients {deB} s'impatientent",
                "Raccordement fibre : chez {B}, l'attente atteint {days} jours"],
    },
    "rse": {
        "pos": ["{B} s'engage à reconditionner {pct} % de ses box d'ici {year}",
                "{B} réduit de {pct} % la consommation d'énergie de son réseau",
                "{B} lance un programme de reprise des vieux téléphones"],
        "neu": ["{B} publie son rapport extra-financier",
                "Sobriété numérique : {B} détaille sa feuille de route",
                "{B} rejoint une coalition pour l'inclusion numérique"],
        "neg": ["Greenwashing : la campagne « verte » {deB} critiquée",
                "Antenne relais à {city} : des riverains s'opposent à {B}",
                "{B} accusé de pratiques commerciales agressives auprès des seniors"],
    },
    "rh": {
        "pos": ["{B} va recruter {n}00 techniciens en {year}",
                "{B} élu employeur préféré du secteur",
                "Télétravail : {B} signe un accord salué par les syndicats"],
        "neu": ["{B} réorganise ses équipes commerciales",
                "Négociations annuelles : {B} propose une hausse de {n} %",
                "{B} ouvre un centre de formation à {city}"],
        "neg": ["Grève chez {B} : les techniciens réclament de meilleures conditions",
                "Plan social chez {B} : {n}00 postes menacés",
                "Sous-traitance : les conditions de travail chez {B} pointées du doigt"],
    },
    "leadership": {
        "pos": ["{ceo}, aux commandes du redressement {deB}",
                "{B} : la stratégie de {ceo} saluée par les analystes",
                "Résultats solides pour {B}, la direction confiante"],
        "neu": ["{ceo} prend la tête {deB}",
                "{B} présente son plan stratégique à horizon {year}",
                "Entretien avec {ceo}, à la tête {deB}"],
        "neg": ["Rémunération du PDG {deB} : la polémique enfle",
                "{B} : la stratégie de {ceo} contestée en interne",
                "Résultats décevants, la direction {deB} sous pression"],
    },
    "innovation": {
        "pos": ["{B} lance la 5G autonome à {city}",
                "Wi-Fi 7 : {B} dégaine la première box compatible",
                "{B} mise sur l'IA pour dépanner ses clients plus vite"],
        "neu": ["{B} teste la fibre à 8 Gbit/s dans {n} villes",
                "{B} investit dans un laboratoire d'innovation à {city}",
                "L'application {app} fait peau neuve"],
        "neg": ["La nouvelle application {app} truffée de bugs",
                "5G : {B} accumule les retards de déploiement",
                "Le chatbot {deB} fait sourire… ou enrager les abonnés"],
    },
}

PRESS_LEADS = {
    "service_client": ["L'opérateur {B} a présenté cette semaine les résultats de la refonte de son service client.",
                       "Chez {B}, la relation client est devenue un chantier prioritaire depuis le début de l'année.",
                       "Le sujet revient régulièrement dans les forums : comment joindre le service client {deB} ?"],
    "prix": ["{B} a annoncé mardi une évolution de ses tarifs, applicable dès le mois {de_month}.",
             "Le marché des forfaits reste très disputé et {B} vient d'y faire un mouvement remarqué.",
             "Les abonnés {deB} recevront dans les prochains jours un courrier détaillant leur nouvelle facture."],
    "qualite": ["Les mesures de terrain publiées ce mois-ci placent {B} sous les projecteurs.",
                "À {city}, la qualité du réseau {deB} fait l'objet de toutes les attentions.",
                "{B} a détaillé jeudi l'état de son réseau fixe et mobile."],
    "livraison": ["Commander une box chez {B} demande parfois de la patience.",
                  "{B} a revu sa logistique pour raccourcir les délais de livraison.",
                  "Les délais de raccordement restent un point sensible pour {B}."],
    "rse": ["{B} a publié son bilan environnemental annuel.",
            "L'empreinte écologique du numérique s'invite dans la stratégie {deB}.",
            "Le dossier des antennes relais resurgit à {city}, où {B} prévoit une installation."],
    "rh": ["Le climat social chez {B} fait l'objet d'une attention particulière.",
           "{B} emploie plusieurs milliers de personnes en France, dont une large part sur le terrain.",
           "Les représentants du personnel {deB} ont été reçus par la direction lundi."],
    "leadership": ["{ceo} a pris la parole devant les investisseurs ce mercredi.",
                   "La gouvernance {deB} évolue après plusieurs mois de réflexion.",
                   "Dans un entretien accordé à notre rédaction, {ceo} détaille ses priorités."],
    "innovation": ["{B} a présenté ses nouveautés lors d'une conférence à {city}.",
                   "L'opérateur {B} accélère sur les nouvelles technologies.",
                   "Le laboratoire de recherche {deB} a dévoilé plusieurs prototypes."],
}

PRESS_DETAILS = {
    "service_client": {
        "pos": ["Le temps d'attente moyen est passé sous la barre des {n} minutes.",
                "Les clients interrogés saluent des conseillers mieux formés et plus disponibles.",
                "Le taux de résolution au premier appel atteint désormais {pct} %."],
        "neu": ["Les appels sont désormais orientés selon le motif de la demande.",
                "Un espace client rénové permet de suivre chaque demande en ligne.",
                "Les conseillers pourront rappeler les clients à l'heure de leur choix."],
        "neg": ["Plusieurs abonnés racontent avoir attendu plus de {wait} minutes sans obtenir de réponse.",
                "Les réclamations ont bondi de {pct} % en un an selon ConsoVigie.",
                "Des clients dénoncent des rendez-vous annulés sans explication."],
    },
    "prix": {
        "pos": ["L'offre {plan} passe à {price} euros par mois, un tarif agressif sur le marché.",
                "Les clients existants bénéficieront automatiquement de la baisse.",
                "Aucun frais de mise en service ne sera facturé."],
        "neu": ["Le forfait {plan} est affiché à {price} euros par mois.",
                "La hausse concerne les abonnements souscrits avant {year}.",
                "Les options de la box {box} sont désormais vendues séparément."],
        "neg": ["La hausse, de {n} euros par mois, intervient sans contrepartie pour les abonnés.",
                "Les associations de consommateurs dénoncent une information insuffisante.",
                "Certains clients découvrent l'augmentation sur leur facture."],
    },
    "qualite": {
        "pos": ["Le débit moyen mesuré atteint {debit} Mbit/s en fibre.",
                "Le taux d'appels réussis dépasse 9{n} % sur l'ensemble du territoire mesuré.",
                "La stabilité de la box {box} est saluée par les testeurs."],
        "neu": ["Les mesures ont été réalisées sur {n}000 points du territoire.",
                "Le déploiement doit se poursuivre jusqu'en {year}.",
                "L'opérateur annonce un investissement de {n}00 millions d'euros dans son réseau."],
        "neg": ["Des coupures répétées sont signalées depuis plusieurs semaines.",
                "Le débit mobile a reculé de {pct} % par rapport à l'an dernier.",
                "Dans certains villages, le réseau reste tout simplement introuvable."],
    },
    "livraison": {
        "pos": ["La box arrive désormais en moyenne en deux jours ouvrés.",
                "Le suivi du colis est disponible en temps réel dans l'application {app}.",
                "Les techniciens interviennent dans la semaine qui suit la commande."],
        "neu": ["Les colis sont confiés à un nouveau prestataire logistique.",
                "Le raccordement nécessite un rendez-vous avec un technicien.",
                "Le délai moyen de raccordement s'établit à {days} jours."],
        "neg": ["Des clients attendent leur box depuis plus de {days} jours.",
                "Plusieurs rendez-vous de raccordement ont été annulés au dernier moment.",
                "Les cartes SIM perdues obligent les clients à multiplier les démarches."],
    },
    "rse": {
        "pos": ["Les box reconditionnées représentent déjà {pct} % des envois.",
                "Le programme de reprise a permis de collecter {n}0 000 téléphones.",
                "Les associations environnementales saluent une démarche sérieuse."],
        "neu": ["Le rapport détaille la consommation électrique des centres de données.",
                "L'opérateur vise la neutralité carbone en {year}.",
                "Une consultation publique doit être organisée à {city}."],
        "neg": ["Les ONG jugent les engagements trop vagues.",
                "Les riverains ont lancé une pétition contre l'antenne.",
                "Des témoignages font état de démarchages insistants."],
    },
    "rh": {
        "pos": ["Les recrutements concerneront en priorité les régions {region} et Grand Est.",
                "L'accord prévoit jusqu'à trois jours de télétravail par semaine.",
                "Les salariés interrogés se disent fiers de leur entreprise."],
        "neu": ["Les discussions doivent se poursuivre jusqu'au mois {de_month}.",
                "Le centre de formation accueillera {n}00 apprentis par an.",
                "La direction assure qu'aucun départ contraint n'est prévu."],
        "neg": ["Les syndicats dénoncent une pression commerciale croissante.",
                "Le mouvement de grève pourrait perturber les interventions chez les clients.",
                "Des techniciens sous-traitants décrivent des cadences intenables."],
    },
    "leadership": {
        "pos": ["Le chiffre d'affaires progresse de {pct} % sur un an.",
                "Les analystes saluent une feuille de route claire.",
                "La direction a su remobiliser les équipes après une période difficile."],
        "neu": ["Le plan stratégique sera détaillé en {month}.",
                "Le conseil d'administration a validé la nomination à l'unanimité.",
                "La priorité affichée reste l'investissement dans la fibre."],
        "neg": ["L'action a perdu {pct} % depuis le début de l'année.",
                "Plusieurs cadres dirigeants ont quitté le groupe ces derniers mois.",
                "Les représentants du personnel dénoncent un manque de dialogue."],
    },
    "innovation": {
        "pos": ["Les premiers testeurs mesurent des débits supérieurs à {debit} Mbit/s.",
                "La fonction de diagnostic automatique règle la majorité des pannes à distance.",
                "La nouvelle box consomme {pct} % d'énergie en moins que la précédente."],
        "neu": ["Le service sera d'abord proposé dans {n} villes.",
                "Les clients pourront activer la fonction depuis l'application {app}.",
                "Le projet associe plusieurs start-up et un laboratoire universitaire."],
        "neg": ["Les avis sur les magasins d'applications ont chuté à 2,{n} sur 5.",
                "Le calendrier de déploiement a encore glissé de plusieurs mois.",
                "Les clients se plaignent de réponses automatiques à côté de la plaque."],
    },
}

PRESS_CONTEXT = ["Le marché français compte quatre grands opérateurs et une concurrence tarifaire intense.",
                 "Selon les derniers chiffres du secteur, la fibre équipe désormais plus de sept foyers sur dix.",
                 "Les opérateurs doivent concilier investissements massifs et pression sur les prix.",
                 "La question de la qualité de service revient régulièrement dans les enquêtes de satisfaction.",
                 "Le régulateur doit publier son prochain observatoire en {month}.",
                 "Contacté, l'opérateur n'a pas souhaité faire d'autre commentaire.",
                 "Ses concurrents n'ont pas encore réagi.",
                 ""]

QUOTES = {
    "pos": ["« Nous sommes fiers de ce résultat, qui récompense le travail de nos équipes », se félicite {ceo}.",
            "« C'est une excellente nouvelle pour nos clients », affirme {ceo}, à la tête {deB}.",
            "« Enfin un opérateur qui tient ses promesses », témoigne un abonné {de_city}."],
    "neu": ["« Nous avançons étape par étape », explique {ceo}.",
            "« Il est trop tôt pour tirer un bilan », estime un analyste du secteur.",
            "« Nous restons attentifs aux retours de nos clients », indique un porte-parole {deB}."],
    "neg": ["« C'est inadmissible, on paie pour un service qu'on n'a pas », s'agace une abonnée {de_city}.",
            "« Nous sommes très déçus et nous envisageons de changer d'opérateur », confie un client.",
            "« La situation est devenue intenable », dénonce un représentant syndical."],
}

# --- consumer forum (first person) ------------------------------------------------------------

FORUM_TITLES = {
    "service_client": {"pos": ["Service client {B} au top", "Merci au support {deB}", "Enfin un conseiller compétent chez {B}"],
                       "neu": ["Comment joindre le service client {deB} ?", "Délai de réponse du support {B} ?",
                               "Question pour les abonnés {B} : le chat fonctionne ?"],
                       "neg": ["Service client {B} : la catastrophe", "{wait} minutes d'attente chez {B}",
                               "Impossible de joindre {B}, quelqu'un a une solution ?"]},
    "prix": {"pos": ["Le nouveau forfait {B} vaut le coup", "{B} : box pas chère et efficace", "Bon plan {B} à {price} €"],
             "neu": ["Hausse de prix {B} : c'est pour tout le monde ?", "Comparatif des forfaits {B}", "{B} : frais de résiliation ?"],
             "neg": ["{B} augmente encore ses prix", "Facture {B} qui double sans prévenir", "Arnaque aux options chez {B}"]},
    "qualite": {"pos": ["Fibre {B} : débit impeccable", "Réseau {B} nickel à {city}", "La box {box}, un vrai plaisir"],
                "neu": ["Débit fibre {B} à {city}, vos mesures ?", "Box {box} : quel réglage Wi-Fi ?", "Couverture {B} en montagne ?"],
                "neg": ["Coupures incessantes avec {B}", "Box {box} qui redémarre toute seule", "Plus de 4G {B} dans mon village"]},
    "livraison": {"pos": ["Box {B} reçue en 48 h", "Installation fibre {B} rapide"],
                  "neu": ["Suivi de livraison {B} ?", "Délai de raccordement {B} chez vous ?"],
                  "neg": ["Toujours pas de box {B} après {days} jours", "Carte SIM {B} jamais reçue", "Technicien {B} jamais venu"]},
    "rse": {"pos": ["{B} reprend les vieux téléphones, bonne idée", "Box reconditionnée {B} : mon avis"],
            "neu": ["{B} et l'écologie, vous en pensez quoi ?", "Antenne {B} près de chez moi"],
            "neg": ["Le greenwashing {deB} m'agace", "Démarchage abusif {B} chez ma grand-mère"]},
    "rh": {"pos": ["Technicien {B} super pro", "Bravo aux équipes {deB}"],
           "neu": ["Grève {B} : des interventions annulées ?", "Travailler chez {B}, retours ?"],
           "neg": ["Techniciens {B} sous-traités et pressés", "Le personnel {B} visiblement à bout"]},
    "leadership": {"pos": ["La nouvelle direction {deB} change les choses"],
                   "neu": ["Le PDG {deB} à la radio ce matin", "{B} change de patron"],
                   "neg": ["Le PDG {deB} se moque de ses clients", "{B} : la direction n'écoute personne"]},
    "innovation": {"pos": ["5G {B} testée : bluffant", "L'appli {app} enfin au niveau"],
                   "neu": ["Wi-Fi 7 chez {B}, ça sert à quoi ?", "Nouvelle appli {app}, vos avis ?"],
                   "neg": ["La nouvelle appli {app} est une usine à gaz", "Le chatbot {deB}, quelle blague"]},
}

FORUM_OPENERS = ["Client {B} depuis {years} ans.", "Abonné chez {B} depuis {month}.", "Petit retour d'expérience sur {B}.",
                 "Je suis chez {B} pour la fibre et le mobile.", "Passé chez {B} il y a quelques mois.",
                 "En télétravail à {city}, je dépends à 100 % de ma connexion {B}.",
                 "Mère de famille, trois ados, donc la box {B} tourne en permanence.",
                 "Retraité, pas très à l'aise avec la technique, je suis chez {B}.",
                 "Étudiant à {city}, forfait {plan} chez {B}.", "Artisan à {city}, j'ai besoin d'un mobile qui marche, je suis chez {B}.",
                 "Je poste ici mon expérience avec {B}.", "Bonjour à tous, abonné {B} ici."]

FORUM_CORE = {
    "service_client": {
        "pos": ["Le conseiller a réglé mon problème en dix minutes, très aimable et efficace.",
                "J'ai été rappelé dans l'heure, franchement impressionnant.",
                "Le chat en ligne m'a répondu tout de suite et le souci était réglé le soir même.",
                "Conseillère patiente, claire, qui a pris le temps de tout m'expliquer."],
        "neu": ["J'ai envoyé une demande par l'espace client, j'attends la réponse.",
                "On m'a donné un numéro de dossier, on verra la suite.",
                "Quelqu'un sait si le service client répond le dimanche ?"],
        "neg": ["{wait} minutes d'attente pour qu'on me dise de redémarrer la box.",
                "Trois appels, trois conseillers, trois réponses différentes. Lamentable.",
                "On m'a raccroché au nez deux fois, je suis furieux.",
                "Ça fait {days} jours que j'attends le rappel promis, rien."],
    },
    "prix": {
        "pos": ["Le forfait à {price} € est imbattable pour ce qu'il propose.",
                "J'ai divisé ma facture par deux en passant chez eux.",
                "Rapport qualité-prix excellent, rien à redire."],
        "neu": ["Je paie {price} € par mois pour la box et deux forfaits.",
                "Le tarif change après la première année, attention.",
                "Je cherche à savoir si la hausse touche aussi les anciens clients."],
        "neg": ["Ils ont augmenté mon abonnement de {n} € sans prévenir.",
                "Des options facturées que je n'ai jamais demandées, c'est honteux.",
                "Trop cher pour un service aussi médiocre."],
    },
    "qualite": {
        "pos": ["La fibre tient ses promesses, {debit} Mb/s en descendant.",
                "Zéro coupure depuis l'installation, la box est stable.",
                "Même au fond de la campagne, j'ai de la 4G partout, bravo."],
        "neu": ["Je mesure environ {debit} Mb/s le soir, est-ce normal ?",
                "La box est correcte, le Wi-Fi un peu juste à l'étage.",
                "Le réseau varie selon les quartiers {de_city}."],
        "neg": ["La connexion saute plusieurs fois par jour, impossible de travailler.",
                "Le réseau 4G est inexistant dans mon village, je paie pour rien.",
                "La box redémarre toute seule la nuit, c'est insupportable.",
                "Débit divisé par dix le soir, c'est une honte."],
    },
    "livraison": {
        "pos": ["Box reçue en 48 h, installée en un quart d'heure.",
                "Le technicien est venu à l'heure et tout marchait en une heure."],
        "neu": ["Le suivi du colis indique « en préparation » depuis hier.",
                "Rendez-vous de raccordement fixé dans deux semaines."],
        "neg": ["Carte SIM jamais arrivée, le colis est bloqué depuis {days} jours.",
                "Le technicien n'est jamais venu et personne ne m'a prévenu.",
                "Commande passée il y a {days} jours, toujours pas de box."],
    },
    "rse": {
        "pos": ["J'apprécie qu'ils reprennent les vieux téléphones pour les recycler.",
                "Ma box reconditionnée marche parfaitement, et c'est mieux pour la planète."],
        "neu": ["Je me demande ce que deviennent les box rendues.",
                "Ils parlent beaucoup d'écologie dans leurs pubs."],
        "neg": ["Leur communication verte, c'est du greenwashing pur et simple.",
                "Un vendeur a fait signer un contrat à ma grand-mère qui n'a même pas internet, scandaleux."],
    },
    "rh": {
        "pos": ["Le technicien était super pro et visiblement bien formé.",
                "Les équipes en boutique sont adorables."],
        "neu": ["Mon intervention a été décalée à cause de la grève.",
                "Le technicien m'a dit qu'il travaillait pour un sous-traitant."],
        "neg": ["Le technicien, payé à la tâche, a bâclé le travail en vingt minutes.",
                "Les vendeurs ont des objectifs délirants, ça se sent."],
    },
    "leadership": {
        "pos": ["Depuis l'arrivée de {ceo}, on sent que ça bouge dans le bon sens."],
        "neu": ["{ceo} promet du changement, on verra bien."],
        "neg": ["Le PDG s'augmente pendant que nos factures grimpent, bravo.",
                "{ceo} parle d'excellence à la radio, qu'il vienne tester le réseau chez moi."],
    },
    "innovation": {
        "pos": ["La 5G chez moi, c'est le jour et la nuit.",
                "La nouvelle appli {app} est claire et rapide, enfin."],
        "neu": ["Je n'ai pas encore testé la nouvelle box Wi-Fi 7.",
                "La 5G est arrivée dans mon quartier, pas vu de différence pour l'instant."],
        "neg": ["L'appli {app} plante à chaque mise à jour.",
                "Le chatbot tourne en rond et ne comprend rien à ma question."],
    },
}

IRONY = {
    "service_client": ["Merci {B} pour ces {wait} minutes de musique d'attente, j'ai appris la mélodie par cœur.",
                       "Génial, le service client {deB} m'a conseillé de redémarrer la box. Pour la cinquième fois. Quel génie."],
    "prix": ["Bravo {B}, encore une hausse de prix, on ne s'en lasse pas.",
             "Super, {B} augmente le forfait pour « améliorer mon expérience ». Mon portefeuille vous remercie."],
    "qualite": ["Merci {B} pour ces trois jours sans internet, la famille a enfin redécouvert les jeux de société.",
                "La box {box} est tellement écologique qu'elle s'éteint toute seule plusieurs fois par jour."],
    "livraison": ["Ma box {B} fait un tour de France avant d'arriver, elle aura vu plus de pays que moi.",
                  "Le technicien {B} est comme le Père Noël : tout le monde en parle mais personne ne l'a vu."],
    "rse": ["{B} sauve la planète : plus de réseau, donc zéro consommation. Bravo."],
    "rh": ["Chez {B}, le technicien a tellement d'interventions qu'il a pris dix minutes pour la mienne. Efficacité record."],
    "leadership": ["Le PDG {deB} promet « l'excellence ». J'ai hâte, vraiment."],
    "innovation": ["La nouvelle appli {app} a une fonction révolutionnaire : elle plante avant même de s'ouvrir."],
}

FORUM_CLOSERS = {
    "recommendation": {"pos": ["Je recommande sans hésiter.", "Foncez, vous ne le regretterez pas.",
                               "Je conseille à tous ceux qui hésitent."],
                       "neu": ["À vous de voir selon votre usage.", "Comparez bien avant de signer."],
                       "neg": ["Fuyez !", "Je déconseille fortement.", "Passez votre chemin."]},
    "cause": {"pos": ["Il faut soutenir les entreprises qui font des efforts, partagez !"],
              "neu": ["Il faudrait que le régulateur se penche sur la question."],
              "neg": ["Signez la pétition pour obtenir un remboursement pour tous !",
                      "Boycott jusqu'à ce qu'ils changent de pratiques.",
                      "Je vais saisir le médiateur des télécoms, faites pareil."]},
    "connection": {"pos": ["Merci à {agent} du service client !", "Bravo à l'équipe technique {de_city}.",
                           "Merci à tous pour vos conseils sur ce forum."],
                   "neu": ["Quelqu'un a le même souci ? Dites-moi en commentaire.", "Vos retours m'intéressent."],
                   "neg": ["Courage à ceux qui vivent la même galère.", "Quelqu'un a réussi à s'en sortir ?"]},
    "information": {"pos": ["Pour info, l'offre est valable jusqu'à fin {month}."],
                    "neu": ["Astuce : l'option se désactive dans l'espace client, rubrique « Mes options ».",
                            "Pour info, le médiateur se saisit en ligne après deux mois sans réponse."],
                    "neg": ["Pour info : la résiliation est gratuite après la première année, vérifiez votre contrat."]},
    "entertainment": {"pos": ["Bref, je suis content, et ça m'arrive rarement 😄"],
                      "neu": ["Ma box a plus de vie sociale que moi 😂"],
                      "neg": ["Bref, je vais me remettre au pigeon voyageur 🐦", "Au moins, mon téléphone ne me dérange plus 😅"]},
    "identity": {"pos": ["Moi, je suis team {B} depuis toujours.", "Geek et fier de l'être, je teste tous les opérateurs : celui-ci est le meilleur."],
                 "neu": ["Je suis du genre à tout comparer avant de choisir."],
                 "neg": ["Je suis quelqu'un de patient, mais là c'est trop.", "En tant que client fidèle, je me sens trahi."]},
}

# --- tech blog (HTML content) -----------------------------------------------------------------

TECH_TITLES = {
    "service_client": {"pos": ["On a testé le nouveau support {deB} : bonne surprise"],
                       "neu": ["Support client : comment {B} utilise l'IA"],
                       "neg": ["Le support {deB} testé : peut mieux faire"]},
    "prix": {"pos": ["{plan} : le meilleur rapport qualité-prix du moment ?"],
             "neu": ["Forfaits : ce qui change chez {B} en {month}"],
             "neg": ["{B} augmente ses prix : ce que ça change pour vous"]},
    "qualite": {"pos": ["Test de la box {box} : un sans-faute", "Nous avons mesuré le réseau {deB} : excellent"],
                "neu": ["Box {box} : notre test complet", "Réseau mobile : {B} passé au crible"],
                "neg": ["Box {box} : un Wi-Fi décevant", "Réseau {deB} : nos mesures inquiètent"]},
    "livraison": {"pos": ["Commande, livraison, installation : {B} au chrono"],
                  "neu": ["Raccordement fibre chez {B} : les étapes"],
                  "neg": ["Livraison {deB} : notre commande a mis {days} jours"]},
    "rse": {"pos": ["{B} : une box reconditionnée qui tient la route"],
            "neu": ["Consommation des box : {B} face à ses concurrents"],
            "neg": ["La box {box} consomme trop en veille"]},
    "rh": {"pos": ["{B} recrute des ingénieurs réseau"],
           "neu": ["Dans les coulisses du centre technique {deB}"],
           "neg": ["Les développeurs {deB} quittent le navire"]},
    "leadership": {"pos": ["{ceo} veut faire {deB} un acteur de la tech"],
                   "neu": ["Ce qu'il faut retenir de la conférence {deB}"],
                   "neg": ["La stratégie tech {deB} manque de cap"]},
    "innovation": {"pos": ["5G autonome : {B} prend de l'avance", "Wi-Fi 7 : la box {box} est une bête de course"],
                   "neu": ["{B} dévoile sa feuille de route 5G", "L'application {app} 3.0 en détail"],
                   "neg": ["L'application {app} 3.0 : la mise à jour de trop", "5G : les promesses non tenues {deB}"]},
}

TECH_POINTS = {
    "service_client": ["Chat disponible de 8 h à 22 h", "Rappel gratuit sur demande", "Suivi des tickets dans {app}",
                       "Diagnostic à distance de la box"],
    "prix": ["Forfait {plan} à {price} €/mois", "Sans engagement", "Frais de mise en service : {n}9 €",
             "Prix garanti un an"],
    "qualite": ["Débit mesuré : {debit} Mbit/s", "Wi-Fi 6E sur trois bandes", "Latence moyenne : {n} ms",
                "Ports 10 Gbit/s"],
    "livraison": ["Livraison en point relais", "Installation par un technicien", "Activation en {n} heures"],
    "rse": ["Consommation en veille : {n} W", "Coque en plastique recyclé", "Mise à jour logicielle sur dix ans"],
    "rh": ["{n}00 postes ouverts", "Télétravail partiel", "Centre de formation interne"],
    "leadership": ["Investissements : {n} milliards sur cinq ans", "Priorité à la fibre", "Partenariats avec des start-up"],
    "innovation": ["5G autonome (SA)", "Wi-Fi 7", "Assistant vocal intégré", "Diagnostic par IA"],
}

TECH_VERDICT = {
    "pos": ["Notre verdict : une réussite, à conseiller les yeux fermés.",
            "Bilan très positif : {B} signe l'un des meilleurs produits du marché."],
    "neu": ["Notre verdict : un produit correct, sans plus.", "Bilan mitigé, à réserver aux usages classiques."],
    "neg": ["Notre verdict : décevant, mieux vaut attendre une mise à jour.",
            "Bilan négatif : trop de défauts pour le prix demandé."],
}

# --- press releases --------------------------------------------------------------------------

RELEASE_TITLES = {
    "service_client": ["{B} lance un nouveau service d'assistance disponible 7 jours sur 7"],
    "prix": ["{B} présente sa nouvelle gamme de forfaits {plan}"],
    "qualite": ["{B} annonce l'achèvement de la modernisation de son réseau en {region}"],
    "livraison": ["{B} ouvre {n}00 nouveaux points de retrait"],
    "rse": ["{B} renforce ses engagements environnementaux à horizon {year}"],
    "rh": ["{B} annonce le recrutement de {n}00 collaborateurs"],
    "leadership": ["{B} annonce la nomination de {ceo} au comité exécutif"],
    "innovation": ["{B} dévoile la box {box}, compatible Wi-Fi 7"],
}

RELEASE_OPENERS = ["{B}, opérateur de télécommunications, annonce aujourd'hui une étape importante de son développement.",
                   "{B} franchit aujourd'hui une nouvelle étape au service de ses clients.",
                   "Paris, le {n} {month} — {B} annonce ce jour une nouvelle initiative."]
RELEASE_CLOSERS = ["« Notre ambition est d'offrir à chacun de nos clients une expérience exemplaire », déclare {ceo}.",
                   "« Cette annonce illustre notre engagement au quotidien », souligne {ceo}.",
                   "Cette initiative s'inscrit dans le plan stratégique présenté en début d'année.",
                   "Les clients pourront en bénéficier dès le mois {de_month}."]
RELEASE_ABOUT = "À propos {deB} : {B} accompagne plusieurs millions de clients particuliers et professionnels en France."

# --- English-language trade press ------------------------------------------------------------

EN_TITLES = {
    "service_client": {"pos": ["{B} cuts call-centre waiting times in half"], "neu": ["{B} reorganises customer care"],
                       "neg": ["Complaints pile up against {B} customer service"]},
    "prix": {"pos": ["{B} slashes fibre prices in France"], "neu": ["{B} reshuffles its mobile plans"],
             "neg": ["French subscribers angry as {B} raises prices"]},
    "qualite": {"pos": ["{B} tops French mobile network ranking"], "neu": ["{B} upgrades its core network"],
                "neg": ["{B} network quality slips in rural France"]},
    "livraison": {"pos": ["{B} promises two-day router delivery"], "neu": ["{B} changes logistics partner"],
                  "neg": ["{B} customers wait weeks for fibre installation"]},
    "rse": {"pos": ["{B} to refurbish most of its routers by {year}"], "neu": ["{B} publishes sustainability report"],
            "neg": ["NGOs question {B}'s green claims"]},
    "rh": {"pos": ["{B} to hire hundreds of technicians"], "neu": ["{B} in wage talks with unions"],
           "neg": ["Strike hits French operator {B}"]},
    "leadership": {"pos": ["{B} shares rise on strong results"], "neu": ["{B} appoints new executive"],
                   "neg": ["{B} chief under fire over pay"]},
    "innovation": {"pos": ["{B} launches standalone 5G in {city}"], "neu": ["{B} trials 8 Gbps fibre"],
                   "neg": ["{B} 5G rollout delayed again"]},
}

EN_BODY = ["French operator {B} said on Tuesday that the change would take effect in the coming weeks.",
           "Analysts expect competitors to respond quickly in a crowded French market.",
           "The company serves several million customers across France.",
           "Consumer groups in France have been closely watching the telecom sector.",
           "A spokesperson for {B} declined to comment further."]

EN_DETAILS = {
    "service_client": ["Average waiting time fell below {n} minutes, the company said.",
                       "Consumer group ConsoVigie reported a {pct}% rise in complaints."],
    "prix": ["The {plan} plan will cost {price} euros a month.", "The increase of {n} euros a month applies to existing customers."],
    "qualite": ["Measured fibre speeds reached {debit} Mbps on average.", "Outages were reported in several regions."],
    "livraison": ["Routers will ship within two working days.", "Some customers waited {days} days for installation."],
    "rse": ["The operator aims for carbon neutrality by {year}.", "Refurbished routers already make up {pct}% of shipments."],
    "rh": ["Unions are calling for better working conditions for field technicians.", "The company plans to hire {n}00 people."],
    "leadership": ["Revenue grew {pct}% year on year.", "The board approved the appointment unanimously."],
    "innovation": ["The service will first launch in {n} cities.", "Early testers measured speeds above {debit} Mbps."],
}

EN_FORUM = ["Anyone else having trouble with {B} fibre in {city}? Speeds drop every evening.",
            "Expat here, just signed up with {B}. The app {app} is only half translated but it works.",
            "Switched to {B} last month, great value compared to what I paid in the UK.",
            "Customer service at {B} told me to restart the router again. Third time this week.",
            "Moved to {city} in {month}, {B} installed the fibre in four days. Impressed.",
            "Does {B} charge for cancelling after the first year? Their website is confusing.",
            "Great coverage with {B} even in the mountains, {debit} Mbps on 5G.",
            "{B} raised my bill by {n} euros without any notice. Not happy at all."]

# --- two brands in one mention -----------------------------------------------------------------

COMPARE_TITLES = ["{B} ou {B2} : quel opérateur choisir pour la fibre ?",
                  "Forfaits 5G : {B} et {B2} au coude-à-coude",
                  "{B} face à {B2} : le match des box",
                  "Réseau mobile : {B} devance {B2} à {city}"]
COMPARE_BODY = ["Nous avons comparé les offres {deB} et {deB2} sur le prix, le débit et le service client.",
                "Sur le mobile, {B} garde une longueur d'avance, mais {B2} se rattrape sur la fibre.",
                "Côté prix, l'écart entre {B} et {B2} se resserre à quelques euros par mois."]
COMPARE_FORUM = ["Passé de {B2} à {B} le mois dernier : le débit est meilleur et je paie moins cher.",
                 "J'hésite entre {B} et {B2} pour la fibre à {city}, des avis ?",
                 "Chez {B2} j'avais des coupures tous les soirs, chez {B} rien depuis trois mois.",
                 "Franchement {B} et {B2}, c'est bonnet blanc et blanc bonnet : mêmes pannes, mêmes prix.",
                 "Résilié {B2} pour {B}, le service client est à des années-lumière.",
                 "{B} moins cher que {B2} pour la même fibre à {city}, je ne regrette pas d'avoir changé.",
                 "Retour chez {B2} après six mois chez {B} : le réseau mobile était trop faible chez moi.",
                 "{B2} ou {B} pour un étudiant à {city} ? Budget {price} € max.",
                 "Entre {B} et {B2}, le vrai match se joue sur le service client, et {B} gagne haut la main."]

# --- the incident: a nationwide outage of the own brand ---------------------------------------

INCIDENT_TAG = "PanneOrbelle"
INCIDENT_TERMS = ("panne", "réseau", "coupure", "remboursement")

INCIDENT_TITLES = {
    "start": ["Panne géante chez {B} : plus de réseau mobile ni d'internet",
              "Panne réseau {B} : des millions d'abonnés privés de connexion",
              "{B} en panne dans toute la France, les appels d'urgence perturbés",
              "Coupure massive du réseau {deB} depuis ce matin",
              "Panne {B} : à {city}, commerces et particuliers coupés du monde",
              "Grosse panne chez {B} : ce que l'on sait"],
    "middle": ["Panne {B} : le réseau toujours perturbé, la colère monte",
               "24 heures après le début de la panne, {B} toujours dans la tourmente",
               "Panne {B} : les clients réclament un remboursement",
               "Coupure {B} : entreprises et commerces à l'arrêt",
               "Panne {B} : les associations de consommateurs montent au créneau",
               "Panne {B} : une deuxième journée noire pour les abonnés"],
    "end": ["Panne {B} : le réseau rétabli, l'opérateur promet un geste commercial",
            "Après la panne, {B} présente ses excuses",
            "Panne {B} : le gouvernement demande des explications",
            "Panne {B} : un geste commercial jugé insuffisant par les clients"],
}
INCIDENT_PRESS = {
    "start": ["Depuis ce matin, les abonnés {deB} ne peuvent plus appeler ni se connecter à internet.",
              "La panne touche l'ensemble du territoire, selon les signalements recueillis.",
              "L'opérateur évoque un incident technique sur son cœur de réseau.",
              "Les appels vers les numéros d'urgence sont perturbés pour les clients {deB}.",
              "À {city}, des files d'attente se sont formées devant les boutiques {deB}.",
              "Les sites de signalement de pannes ont enregistré des dizaines de milliers de plaintes en une heure."],
    "middle": ["La coupure se prolonge et les abonnés expriment leur colère sur les réseaux sociaux.",
               "Des commerçants privés de terminal de paiement réclament un dédommagement.",
               "Les associations de consommateurs exigent un remboursement automatique.",
               "{B} n'a toujours pas donné d'explication précise sur l'origine de la panne.",
               "Le service client, saturé, ne répond plus.",
               "À {city}, un cabinet médical raconte avoir dû annuler ses téléconsultations."],
    "end": ["Le réseau a été rétabli progressivement dans la nuit.",
            "{B} promet un geste commercial sur la prochaine facture.",
            "« Nous présentons nos excuses à tous nos clients », a déclaré {ceo}.",
            "Une enquête interne doit établir les causes de la panne.",
            "Le régulateur a demandé un rapport détaillé sous quinze jours.",
            "Les associations jugent le dédommagement proposé dérisoire."],
}
INCIDENT_FORUM_TITLES = {
    "start": ["{B} en panne chez vous aussi ?", "Plus de réseau {B} à {city}", "Panne {B} : box et mobile HS",
              "{B} HS depuis ce matin ?", "Panne générale {B} ?"],
    "middle": ["Toujours pas de réseau {B}", "Panne {B} : remboursement ?", "Panne {B}, on porte plainte ?",
               "24 h sans réseau {B}, c'est une blague ?", "Panne {B} : le service client injoignable"],
    "end": ["Réseau {B} revenu, et maintenant ?", "Geste commercial {B} après la panne : ridicule",
            "Je quitte {B} après la panne", "Panne {B} : comment obtenir un dédommagement"],
}
INCIDENT_FORUM = {
    "start": ["Plus de réseau {B} depuis ce matin, ni internet ni téléphone, c'est la panne totale.",
              "Panne {B} chez vous aussi ? Box morte et zéro réseau mobile.",
              "Impossible d'appeler, impossible de travailler, {B} en panne complète.",
              "Coupure {B} générale, même pas moyen de joindre le service client.",
              "À {city}, plus rien ne marche chez {B} : ni la box, ni le mobile. Quelle galère.",
              "Je suis en télétravail et la panne {B} me coupe de tout, c'est catastrophique.",
              "Réveil sans réseau : la panne {B} touche toute la famille, aucun appel possible."],
    "middle": ["Toujours aucun réseau {B} après 24 heures, c'est inadmissible.",
               "Je veux un remboursement, pas des excuses. {B} doit payer.",
               "Mon entreprise est à l'arrêt à cause de la panne {B}, je vais porter plainte.",
               "Ma mère n'a pas pu joindre son médecin à cause de cette panne {B}, scandaleux.",
               "Une journée entière sans réseau et aucune information de {B}. Je suis furieux.",
               "Le service client {deB} ne répond plus, la panne dure et personne ne nous explique rien. Honteux.",
               "Commerçant à {city} : deux jours sans terminal de paiement à cause de la panne {B}, c'est une catastrophe."],
    "end": ["Le réseau {B} revient enfin, mais on attend toujours le dédommagement.",
            "Un geste commercial de quelques euros après deux jours sans réseau ? {B} se moque de nous.",
            "Je résilie {B}, cette panne était la goutte d'eau.",
            "Réseau rétabli chez moi à {city}, mais quelle confiance accorder encore à {B} ?",
            "Après cette panne, {B} a perdu un client. Déçu et en colère."],
}
INCIDENT_IRONY = ["Merci {B} pour cette journée de détox numérique forcée, vraiment, quel cadeau.",
                  "Bravo {B}, deux jours sans réseau, record battu ! #" + INCIDENT_TAG,
                  "Ma box {B} fait la grève aussi, solidarité sans doute.",
                  "Grâce à la panne {B}, j'ai enfin lu un livre. Merci pour ce moment.",
                  "{B} a inventé le forfait illimité… en silence. Génial. #" + INCIDENT_TAG]
INCIDENT_RELEASE = {
    "start": "{B} : incident technique en cours sur le réseau",
    "middle": "{B} : point de situation sur l'incident réseau",
    "end": "{B} : retour à la normale du réseau et mesures pour nos clients",
}
INCIDENT_EN = ["Nationwide outage hits French operator {B}", "{B} restores network after major outage"]
INCIDENT_EN_BODY = ["Millions of {B} customers lost mobile and internet access, the operator said.",
                    "Emergency calls were disrupted in several regions, including around {city}.",
                    "Consumer groups are demanding automatic refunds for the outage.",
                    "The company blamed a fault in its core network and apologised to customers.",
                    "Businesses relying on card terminals were among the hardest hit."]

# --- items that name no brand (brand matching must drop them) ----------------------------------

NOISE = {
    "press": ["Fibre optique : le déploiement atteint un nouveau record cette année",
              "Le marché des télécoms ralentit au troisième trimestre",
              "Le régulateur publie son observatoire de la qualité des réseaux",
              "Smartphones reconditionnés : un marché en pleine croissance",
              "Le prix des forfaits mobiles au plus bas depuis dix ans",
              "Cybersécurité : les entreprises françaises de plus en plus visées"],
    "regional": ["Côte d'Azur : la saison touristique bat des records",
                 "Un ciel d'azur sur le Var tout le week-end",
                 "Nice : le marché aux fleurs fête ses cinquante ans",
                 "Montpellier : la ligne de tramway prolongée jusqu'à la mer",
                 "Marseille : les calanques victimes de leur succès",
                 "Côte d'Azur : le festival de jazz dévoile sa programmation",
                 "Avignon : le festival affiche complet",
                 "Perpignan : la rentrée scolaire sous le soleil"],
    "tech": ["Comment bien placer son répéteur Wi-Fi", "Les meilleurs smartphones à moins de 300 euros",
             "Wi-Fi 7 : tout comprendre en cinq minutes", "Sauvegarder ses photos : le guide complet"],
    "forum": ["Quel smartphone acheter pour ma mère ?", "Câble Ethernet catégorie 6 ou 7 ?",
              "Vos applis préférées pour la météo ?"],
    "en": ["European telecom regulators meet in Brussels", "Smartphone shipments fall in Europe",
           "Undersea cable investments surge"],
}
NOISE_BODY = {
    "press": ["Les chiffres publiés cette semaine confirment une tendance de fond.",
              "Les professionnels du secteur restent prudents pour les prochains mois.",
              "Les consommateurs, eux, comparent de plus en plus les offres."],
    "regional": ["Les habitants profitent de températures exceptionnellement douces.",
                 "Les professionnels du tourisme se réjouissent d'une fréquentation en hausse.",
                 "La mairie prévoit de nouveaux aménagements pour l'an prochain.",
                 "Sur la Côte d'Azur, les hôteliers affichent un taux de remplissage record."],
    "tech": ["Quelques réglages simples suffisent souvent à gagner en confort.",
             "Nous avons sélectionné les modèles les plus intéressants du moment."],
    "forum": ["Merci d'avance pour vos conseils.", "J'ai un budget limité, des idées ?"],
    "en": ["Industry figures point to a slowdown in the second half of the year."],
}

# --- social media ------------------------------------------------------------------------------

HASHTAGS = {
    "service_client": ["ServiceClient", "SAV"], "prix": ["forfait", "pouvoirdachat"], "qualite": ["fibre", "4G", "réseau"],
    "livraison": ["livraison"], "rse": ["écologie", "RSE"], "rh": ["grève", "emploi"],
    "leadership": ["business"], "innovation": ["5G", "WiFi7", "tech"],
}
SOCIAL_EN = {
    "pos": ["Really impressed with {B} fibre so far, {debit} Mbps for {price} EUR.", "Shout-out to {B} support, fixed in 10 min."],
    "neu": ["Moving to France next month, is {B} a good option for mobile?", "Trying {B} for a month, will report back."],
    "neg": ["{B} network down again in {city}. Not great.", "Third call to {B} support this week, still no fix."],
}
SUBREDDITS = ("france", "OperateursFR", "techFR", "vosfinances")
