"""French words and sentence patterns for generated articles."""

SLOTS: dict[str, tuple[str, ...]] = {
    "subject": (
        "le gouvernement",
        "le conseil municipal",
        "la région",
        "le ministère des Transports",
        "l'opposition",
        "le syndicat",
        "la mairie",
        "la préfecture",
        "l'université",
        "la chambre de commerce",
        "le département",
        "la Banque de France",
        "les habitants",
    ),
    "object": (
        "un nouveau budget",
        "la réforme des retraites",
        "le projet de loi",
        "la hausse des tarifs",
        "un plan de rénovation",
        "la nouvelle ligne de tramway",
        "un parc éolien",
        "les travaux du pont",
        "un programme d'aide",
        "la fermeture de l'usine",
        "les nouvelles règles de sécurité",
        "la fusion des deux communes",
    ),
    "participle": (
        "présenté",
        "adopté",
        "critiqué",
        "reporté",
        "défendu",
        "annoncé",
        "rejeté",
        "financé",
        "suspendu",
        "validé",
    ),
    "infinitive": ("mettre en œuvre", "financer", "examiner", "achever", "simplifier", "lancer"),
    "verb_now": ("présente", "adopte", "rejette", "reporte", "lance", "suspend", "défend"),
    "when": (
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "la semaine dernière",
        "après de longues négociations",
        "lors d'une réunion extraordinaire",
        "en fin de journée",
    ),
    "place": (
        "Lyon",
        "Marseille",
        "Bordeaux",
        "Nantes",
        "Lille",
        "Toulouse",
        "Strasbourg",
        "Rennes",
        "la vieille ville",
        "la banlieue nord",
    ),
    "name": (
        "Claire Martin",
        "Julien Bernard",
        "Sophie Dubois",
        "Nicolas Lefèvre",
        "Camille Moreau",
        "Thomas Laurent",
        "Élodie Girard",
        "Antoine Roux",
    ),
    "role": ("porte-parole", "directrice", "économiste", "président", "chercheuse", "adjoint au maire"),
    "org": (
        "l'Insee",
        "la Cour des comptes",
        "l'association des locataires",
        "la fédération des agriculteurs",
        "l'observatoire régional",
        "la CCI",
    ),
    "plural": ("familles", "salariés", "entreprises", "usagers", "élèves", "ménages", "locataires"),
    "event": (
        "de vives critiques",
        "plusieurs mois de manifestations",
        "une décision de justice",
        "la hausse des coûts",
        "un rapport sévère",
        "la tempête",
    ),
}

SENTENCES: tuple[str, ...] = (
    "{Subject} a {participle} {object} {when}.",
    "Après {event}, {subject} a {participle} {object}.",
    "\u00ab Nous avons {participle} {object} avec beaucoup de soin \u00bb, "
    "a déclaré {name}, {role} de {org}.",
    "{Subject} veut {infinitive} {object} d'ici {year}.",
    "Selon {org}, environ {num} {plural} de {place} sont concernés.",
    "Les coûts ont augmenté de {pct} % selon les chiffres publiés {when}.",
    "Les critiques estiment que {object} pourrait coûter {num} millions d'euros sur {small} ans.",
    "À {place}, {subject} a {participle} {object}, mais {org} a mis en garde contre {event}.",
    "Il n'est pas encore certain que {subject} puisse {infinitive} {object}.",
    "De nombreux {plural} de {place} affirment ne pas avoir été consultés.",
)

HEADLINES: tuple[str, ...] = (
    "{Subject} {verb_now} {object} à {place}",
    "Après {event}, {subject} {verb_now} {object}",
    "{num} {plural} concernés : {subject} {verb_now} {object}",
)

CORRECTION = (
    "Rectificatif : une version précédente de cet article citait de manière erronée les chiffres de "
    "{org}. L'article a été mis à jour (version {revision})."
)
