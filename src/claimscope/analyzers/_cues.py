"""French and English cue lexicons for sources, claims and evidential status.

Each family is a plain table so that it can be read, reviewed and extended without touching the
logic in ``_attribution.py`` and ``_status.py``. Patterns are matched case-insensitively on the
sentence text; lemma sets are matched on spaCy lemmas (lower case).
"""

from __future__ import annotations

import re

# --- attribution ----------------------------------------------------------------------------------

# Prepositional cues: "Selon X, ...", "according to X". The source is the noun phrase after the cue.
PREP_CUES: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(selon(?! (?:toute|moi|nous|lui|elle|eux|les cas|que|laquelle|lequel|lesquel))|d['’]\s?après|"
        r"à (?=(?:son|leur) avis\b)|"
        r"cités? par|citées? par|rapporté(?:e|s|es)? par|citant|publiée?s? (?:sur|par)|partagée?s? (?:sur|par)|"
        r"postée?s? par|mise?s? en ligne par|"
        r"diffusée?s? (?:sur|par)|relayée?s? par|postée?s? sur|interrogée?s? par|contactée?s? par|au micro d[eu]|"
        r"à l['’]antenne d[eu]|dans les colonnes d[eu]|dans un entretien (?:accordé )?(?:à|au)|"
        r"selon(?= (?:lui|elle|eux|elles)\b)|(?<=\b[dD]e )(?=sources? (?:proches?|diplomatiques?|policières?|"
        r"judiciaires?|militaires?|sécuritaires?|gouvernementales?|bien informées?|concordantes?|américaines?|"
        r"européennes?|israéliennes?|ukrainiennes?|russes?|syriennes?)\b)|(?<=\bdans )(?=l['’]entourage d)|"
        r"(?<=\bcôté )(?=\w+, on\b))\s?",
        re.I,
    ),
    "en": re.compile(
        r"\b(according to|as reported by|as cited by|cited by|quoted by|as quoted by|reported by|citing|"
        r"shared (?:by|on)|posted (?:by|on)|circulated (?:by|on)|published (?:by|on)|released by|aired by|"
        r"broadcast by|in an interview with|"
        r"speaking to|interviewed by|contacted by|in (?=(?:his|her|their) (?:view|opinion)\b))\s?",
        re.I,
    ),
}

# Reporting verbs (lemmas): "X a affirmé que ...", "X said ...".
REPORTING_VERBS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "affirmer",
            "déclarer",
            "rapporter",
            "indiquer",
            "assurer",
            "annoncer",
            "expliquer",
            "confirmer",
            "préciser",
            "ajouter",
            "souligner",
            "estimer",
            "dire",
            "écrire",
            "révéler",
            "signaler",
            "raconter",
            "prétendre",
            "soutenir",
            "avancer",
            "relater",
            "affirmer",
            "certifier",
            "marteler",
            "insister",
            "reconnaître",
            "admettre",
            "avouer",
            "accuser",
            "dénoncer",
            "démentir",
            "nier",
            "rejeter",
            "réfuter",
            "contester",
            "alléguer",
            "évoquer",
            "rappeler",
            "noter",
            "observer",
            "témoigner",
            "jurer",
            "répéter",
            "poursuivre",
            "conclure",
            "confier",
            "répondre",
            "lâcher",
            "glisser",
            "trancher",
            "commenter",
            "détailler",
            "résumer",
            "regretter",
            "déplorer",
            "juger",
            "considérer",
            "croire",
            "penser",
            "craindre",
            "soupçonner",
            "revendiquer",
            "tweeter",
            "accuser",
            "informer",
            "mentionner",
            "prévenir",
            "avertir",
        ]
    ),
    "en": frozenset(
        [
            "say",
            "tell",
            "report",
            "claim",
            "state",
            "announce",
            "add",
            "confirm",
            "note",
            "write",
            "explain",
            "insist",
            "allege",
            "assert",
            "deny",
            "reveal",
            "warn",
            "argue",
            "suggest",
            "admit",
            "acknowledge",
            "maintain",
            "declare",
            "contend",
            "testify",
            "recount",
            "disclose",
            "indicate",
            "find",
            "rule",
            "reject",
            "dispute",
            "dismiss",
            "refute",
            "stress",
            "emphasise",
            "emphasize",
            "tweet",
            "post",
            "reply",
            "comment",
            "conclude",
            "observe",
            "remark",
            "confide",
            "concede",
            "boast",
            "estimate",
            "believe",
            "think",
            "suspect",
            "fear",
            "accuse",
            "recall",
            "describe",
            "detail",  # as French "détailler": "SHTFPlan originally detailed the symptoms …"
            "caution",
            "declaim",
            "proclaim",
            "exclaim",
            "retort",
            "quip",
        ]
    ),
}

# Denial verbs (lemmas); a denial makes the denied claim's status "denied".
DENIAL_VERBS: dict[str, frozenset[str]] = {
    "fr": frozenset(["démentir", "nier", "rejeter", "réfuter", "contester", "récuser"]),
    "en": frozenset(["deny", "reject", "refute", "dispute", "dismiss", "rebut"]),
}
DENIAL_PATTERNS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b((?:a|ont|avait|avaient|aurait) (?:formellement |catégoriquement |fermement |aussitôt |immédiatement )?"
        r"(?:démenti|nié|rejeté|réfuté|contesté|récusé)|dément(?:ent)?|nie(?:nt)?|rejette(?:nt)?|réfute(?:nt)?"
        r"|conteste(?:nt)?|démenti(?:s)? (?:formel|catégorique)s?|un démenti"
        r"|(?:a|ont) qualifié (?:ces|cette|ce|les|l['’]) ?(?:\w+ )?(?:informations?|affirmations?|accusations?|"
        r"allégations?|article|rapport|récit)s? (?:de|d['’]) ?[«“\"]?\s?(?:\w+ )?"
        r"(?:fausses?|faux|mensong\w*|infondée?s?|fabrication|propagande|absurdes?|grotesques?|fantaisistes?|"
        r"fake news))\b",
        re.I,
    ),
    "en": re.compile(
        r"\b((?:has |have |had )?(?:flatly |strongly |categorically |firmly |swiftly )?"
        r"(?:denied|rejected|refuted|disputed|dismissed)|denies|deny|rejects|refutes|disputes|dismisses"
        r"|(?:issued )?a denial"
        r"|(?:called|described|branded|labelled|labeled) (?:the|these|this|those|such) (?:\w+ )?(?:claims?|reports?|"
        r"allegations?|accusations?|stories|story)(?: as)? [\"“]?(?:an? )?(?:\w+ ){0,2}(?:fabrications?|fake|false|"
        r"lies?|baseless|untrue|not true|propaganda|nonsense|absurd|fiction|hoax|ridiculous|smear|fabricated))\b",
        re.I,
    ),
}

# Head nouns of unnamed sources ("des sources locales", "two senior officials").
UNNAMED_HEADS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "source",
            "responsable",
            "officiel",
            "témoin",
            "habitant",
            "expert",
            "analyste",
            "diplomate",
            "militaire",
            "observateur",
            "proche",
            "personne",
            "membre",
            "interlocuteur",
            "informateur",
            "connaisseur",
            "spécialiste",
            "enquêteur",
            "médecin",
            "résident",
            "combattant",
            "fonctionnaire",
            "élu",
            "conseiller",
            "collaborateur",
            "entourage",
            "milieu",
            "sources",
            "responsables",
            "officiels",
            "témoins",
            "habitants",
            "experts",
            "analystes",
            "diplomates",
            "militaires",
            "observateurs",
            "proches",
            "personnes",
            "membres",
            "terroriste",
            "combattants",
            "rebelle",
            "rebelles",
            "salarié",
            "salariés",
            "employé",
            "employés",
            "cadre",
            "cadres",
            "proche",
            "quelqu'un",
            "agent",
            "agents",
        ]
    ),
    "en": frozenset(
        [
            "source",
            "official",
            "witness",
            "resident",
            "expert",
            "analyst",
            "diplomat",
            "insider",
            "person",
            "people",
            "aide",
            "officer",
            "observer",
            "member",
            "investigator",
            "doctor",
            "staffer",
            "lawmaker",
            "adviser",
            "advisor",
            "sources",
            "officials",
            "witnesses",
            "residents",
            "experts",
            "analysts",
            "diplomats",
            "insiders",
            "aides",
            "officers",
            "observers",
            "members",
            "investigators",
            "fighter",
            "fighters",
            "militant",
            "militants",
            "employee",
            "employees",
            "worker",
            "workers",
            "staff",
            "nurse",
            "nurses",
            "insider",
            "insiders",
            "someone",
        ]
    ),
}
ANONYMITY = re.compile(
    r"anonymat|anonyme|sous couvert|n['’]a pas souhaité être nommé|non identifié|condition of anonymity|"
    r"\banonymous|declined to be (named|identified)|not authori[sz]ed to speak|unnamed|familiar with",
    re.I,
)
INDEFINITE = frozenset(
    [
        "un",
        "une",
        "des",
        "deux",
        "trois",
        "quatre",
        "plusieurs",
        "certains",
        "certaines",
        "quelques",
        "nombreux",
        "nombreuses",
        "d'",
        "d’",
        "de",
        "a",
        "an",
        "two",
        "three",
        "four",
        "several",
        "some",
        "many",
        "various",
        "numerous",
    ]
)

# Head nouns of documents ("un rapport des Nations unies", "a report by the ISW").
DOCUMENT_HEADS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "rapport",
            "étude",
            "document",
            "communiqué",
            "enquête",
            "note",
            "sondage",
            "mémo",
            "mémorandum",
            "dossier",
            "bilan",
            "expertise",
            "évaluation",
            "courrier",
            "lettre",
            "câble",
            "compte-rendu",
            "décision",
            "jugement",
            "arrêt",
            "courriel",
            "courriels",
            "mail",
            "mails",
            "e-mail",
            "e-mails",
            "audit",
            "estimation",
            "estimations",
            "chiffres",
            "données",
            "statistiques",
            "fichier",
            "fichiers",
            "tableau",
            "archives",
            "relevés",
            "factures",
            "procès-verbal",
            "procès-verbaux",
            "transcription",
            "enregistrement",
            "enregistrements",
            "relevé",
            "facture",
            "donnée",
            "statistique",
            "chiffre",
            "archive",
            "mandat",
            "réquisitoire",
            "plainte",
            "autopsie",
            "biographie",
            "biographies",
            "livre",
            "ouvrage",
            "calcul",
            "calculs",
            "projection",
            "projections",
            "simulation",
            "simulations",
            # timelines, web pages and their archives
            "chronologie",
            "page",
            "pages",
            "lien",
            "liens",
        ]
    ),
    "en": frozenset(
        [
            "report",
            "study",
            "document",
            "statement",
            "survey",
            "memo",
            "memorandum",
            "filing",
            "assessment",
            "dossier",
            "analysis",
            "review",
            "letter",
            "cable",
            "ruling",
            "judgment",
            "paper",
            "documents",
            "records",
            "email",
            "emails",
            "e-mail",
            "e-mails",
            "filing",
            "filings",
            "spreadsheet",
            "file",
            "files",
            "minutes",
            "transcript",
            "transcripts",
            "data",
            "figures",
            "statistics",
            "estimate",
            "estimates",
            "audit",
            "audits",
            "recording",
            "recordings",
            "logs",
            "invoices",
            # court and police papers, books
            "warrant",
            "affidavit",
            "indictment",
            "complaint",
            "subpoena",
            "autopsy",
            "biography",
            "biographies",
            "book",
            "poll",
            "polls",
            "calculations",
            "projections",
            "simulations",
            "timeline",
            "chronology",
            "webpage",
            "page",
            "archive",
            "archives",
        ]
    ),
}

# Head nouns of media outlets ("le site du PKK", "l'agence Reuters", "the Kyiv Post newspaper").
OUTLET_HEADS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "site",
            "journal",
            "quotidien",
            "hebdomadaire",
            "mensuel",
            "chaîne",
            "média",
            "médias",
            "magazine",
            "presse",
            "press",
            "radio",
            "télévision",
            "blog",
            "portail",
            "revue",
            "tabloïd",
            "gazette",
            "publication",
            "périodique",
        ]
    ),
    "en": frozenset(
        [
            "site",
            "website",
            "newspaper",
            "daily",
            "weekly",
            "outlet",
            "channel",
            "broadcaster",
            "magazine",
            "presse",
            "press",
            "radio",
            "station",
            "blog",
            "portal",
            "tabloid",
            "network",
            "publication",
            "media",
            "periodical",
        ]
    ),
}
# Well-known outlets, for names that appear with no outlet noun ("Reuters said", "selon Le Monde").
KNOWN_OUTLETS = frozenset(
    s.lower()
    for s in [
        "Reuters",
        "AFP",
        "Agence France-Presse",
        "AP",
        "Associated Press",
        "BBC",
        "CNN",
        "Fox News",
        "Al Jazeera",
        "Al-Jazeera",
        "Le Monde",
        "Le Figaro",
        "Libération",
        "Libé",
        "The Oregonian",
        # more national, regional and partisan titles (French and English)
        "ITV",
        "Channel 4",
        "Boston Globe",
        "The Blaze",
        "TheBlaze",
        "Gateway Pundit",
        "Washington Examiner",
        "Jerusalem Post",
        "CBC",
        "Global News",
        "Washington Times",
        "New York Post",
        "Star Tribune",
        "Miami Herald",
        "Seattle Times",
        "Denver Post",
        "Houston Chronicle",
        "San Francisco Chronicle",
        "Tampa Bay Times",
        "The Tennessean",
        "Detroit Free Press",
        "Arizona Republic",
        "Dallas Morning News",
        "Sydney Morning Herald",
        "Radio Courtoisie",
        "TV Libertés",
        "Breizh-info",
        "Fdesouche",
        "Riposte laïque",
        "Dreuz",
        "Réseau International",
        "Le Salon beige",
        "Polémia",
        "Novopress",
        "Le Parisien",
        "Les Echos",
        "L'Express",
        "Le Point",
        "L'Obs",
        "Mediapart",
        "France 24",
        "France24",
        "France Info",
        "Franceinfo",
        "France Inter",
        "RFI",
        "TF1",
        "France 2",
        "BFMTV",
        "BFM TV",
        "LCI",
        "CNews",
        "Euronews",
        "Arte",
        "Ouest-France",
        "La Croix",
        "L'Humanité",
        "Le Canard enchaîné",
        "Le Temps",
        "Le Soir",
        "RTBF",
        "RTS",
        "Radio-Canada",
        "La Presse",
        "Le Devoir",
        "New York Times",
        "The New York Times",
        "Washington Post",
        "The Washington Post",
        "Wall Street Journal",
        "The Wall Street Journal",
        "The Guardian",
        "Guardian",
        "The Times",
        "The Telegraph",
        "Financial Times",
        "The Economist",
        "Bloomberg",
        "Politico",
        "Axios",
        "NBC",
        "NBC News",
        "ABC",
        "ABC News",
        "CBS",
        "CBS News",
        "NPR",
        "PBS",
        "Sky News",
        "The Independent",
        "Daily Mail",
        "The Sun",
        "Der Spiegel",
        "Spiegel",
        "Bild",
        "Die Zeit",
        "El País",
        "Corriere della Sera",
        "La Repubblica",
        "TASS",
        "RIA Novosti",
        "RT",
        "Russia Today",
        "Sputnik",
        "Interfax",
        "Ukrinform",
        "Kyiv Independent",
        "The Kyiv Independent",
        "Kyiv Post",
        "Meduza",
        "Novaya Gazeta",
        "Xinhua",
        "CGTN",
        "Anadolu",
        "Anadolu Agency",
        "Haaretz",
        "Times of Israel",
        "The Times of Israel",
        "Le Média",
        "Lekolin",
        "ANF",
        "Hawar",
        "SANA",
        "Bellingcat",
        "The Intercept",
        "ProPublica",
        "Vice",
        "BuzzFeed News",
        "HuffPost",
        "Le HuffPost",
        "Slate",
        "20 Minutes",
        "Marianne",
        "Valeurs actuelles",
        "Le JDD",
        "JDD",
        "Europe 1",
        "RTL",
        "Nice-Matin",
        "Sud Ouest",
        "La Voix du Nord",
        "Le Progrès",
        "Kommersant",
        "Izvestia",
        "Pravda",
        "Ukrainska Pravda",
        "Yonhap",
        "Kyodo",
        "NHK",
        "Deutsche Welle",
        "DW",
        "Voice of America",
        "VOA",
        "Radio Free Europe",
        "RFE/RL",
        "Axios",
        "The Hill",
        "Newsweek",
        "Time",
        "USA Today",
        "Los Angeles Times",
        "Chicago Tribune",
        "The Atlantic",
        # more French national and regional titles, broadcasters and sites
        "L'Équipe",
        "Le Journal du dimanche",
        "Paris Match",
        "Le Nouvel Obs",
        "Courrier international",
        "La Tribune",
        "Challenges",
        "Les Inrocks",
        "Konbini",
        "Brut",
        "France 3",
        "France 5",
        "M6",
        "RMC",
        "Sud Radio",
        "Public Sénat",
        "LCP",
        "Le Dauphiné libéré",
        "La Dépêche",
        "La Dépêche du Midi",
        "L'Est républicain",
        "Le Télégramme",
        "La Provence",
        "Midi Libre",
        "Reporterre",
        "StreetPress",
        "Le Monde diplomatique",
        "Causeur",
        "Atlantico",
        "Le Canard",
        "Arrêt sur images",
        # more English-language titles, broadcasters and sites
        "Fox",
        "MSNBC",
        "CNBC",
        "Newsmax",
        "Breitbart",
        "Breitbart News",
        "The Daily Wire",
        "Daily Wire",
        "The Daily Caller",
        "Daily Caller",
        "The Federalist",
        "National Review",
        "The Gateway Pundit",
        "The Daily Beast",
        "Daily Beast",
        "Vox",
        "Business Insider",
        "Insider",
        "Forbes",
        "The Daily Telegraph",
        "The Observer",
        "Evening Standard",
        "Daily Express",
        "Daily Mirror",
        "The Mirror",
        "The Scotsman",
        "Al Arabiya",
        "Al-Monitor",
        "Middle East Eye",
        "The National",
        "South China Morning Post",
        "The Straits Times",
        "The Hindu",
        "Times of India",
        "Global Times",
        "Rossiya 24",
        "Channel One",
        "Zvezda",
        "RBC",
        "Daily Kos",
        "Mother Jones",
        "The Nation",
        "The New Yorker",
        "Rolling Stone",
        "Semafor",
        "The Epoch Times",
        "Epoch Times",
        "Zero Hedge",
        "ZeroHedge",
        "InfoWars",
        "Sputnik News",
        "LifeSiteNews",
        "Catholic News Agency",
        "Religion News Service",
    ]
)

# Head nouns of organisations ("le ministère russe de la Défense", "the Pentagon").
ORG_HEADS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "ministère",
            "direction",
            "gouvernement",
            "armée",
            "police",
            "gendarmerie",
            "parquet",
            "présidence",
            "kremlin",
            "pentagone",
            "élysée",
            "état-major",
            "autorités",
            "autorité",
            "administration",
            "commission",
            "parlement",
            "assemblée",
            "sénat",
            "conseil",
            "tribunal",
            "cour",
            "ong",
            "organisation",
            "association",
            "parti",
            "syndicat",
            "entreprise",
            "groupe",
            "société",
            "banque",
            "agence",
            "institut",
            "mairie",
            "préfecture",
            "ambassade",
            "municipalité",
            "mission",
            "office",
            "service",
            "services",
            "département",
            # services and bodies named by their members: "selon les pompiers", "d'après les organisateurs"
            "pompier",
            "pompiers",
            "sapeurs-pompiers",
            "secours",
            "gendarmes",
            "organisateur",
            "organisateurs",
        ]
    ),
    "en": frozenset(
        [
            "ministry",
            "management",
            "leadership",
            "board",
            "government",
            "army",
            "police",
            "military",
            "prosecutor",
            "presidency",
            "kremlin",
            "pentagon",
            "department",
            "authorities",
            "authority",
            "administration",
            "commission",
            "parliament",
            "congress",
            "senate",
            "council",
            "court",
            "agency",
            "organisation",
            "organization",
            "association",
            "party",
            "union",
            "company",
            "firm",
            "giant",
            "group",
            "bank",
            "institute",
            "office",
            "embassy",
            "mission",
            "service",
            "services",
            "command",
            "firefighter",
            "firefighters",
            "organiser",
            "organisers",
            "organizer",
            "organizers",
        ]
    ),
}
# Person titles: "le ministre Sergueï Lavrov", "un porte-parole de HTC" (a spokesperson speaks for an org).
PERSON_TITLES: dict[str, frozenset[str]] = {
    "fr": frozenset(
        [
            "président",
            "présidente",
            "ministre",
            "porte-parole",
            "chef",
            "général",
            "commandant",
            "directeur",
            "directrice",
            "député",
            "sénateur",
            "maire",
            "ambassadeur",
            "secrétaire",
            "premier",
            "dirigeant",
            "patron",
            "procureur",
            "juge",
            "conseiller",
            "colonel",
            "lieutenant",
            "capitaine",
            "gouverneur",
            "leader",
            "fondateur",
        ]
    ),
    "en": frozenset(
        [
            "president",
            "minister",
            "spokesperson",
            "spokesman",
            "spokeswoman",
            "chief",
            "general",
            "commander",
            "director",
            "lawmaker",
            "senator",
            "mayor",
            "ambassador",
            "secretary",
            "leader",
            "prosecutor",
            "judge",
            "adviser",
            "advisor",
            "colonel",
            "governor",
            "founder",
            "head",
            "representative",
            "congressman",
            "congresswoman",
            "mp",
        ]
    ),
}

# Person roles: "the former adviser", "la chercheuse" name one identifiable person when definite.
PERSON_ROLES_EXTRA = frozenset(
    [
        # "Green Party activist Ernest Hancock": a role before a name, whatever organisation words come before it
        "activist",
        "activiste",
        "man",
        "woman",
        "caller",
        "neighbor",
        "neighbour",
        "friend",
        "homme",
        "femme",
        "voisin",
        "voisine",
        "ami",
        "amie",
        "animateur",
        "animatrice",
        "présentateur",
        "présentatrice",
        "host",
        "anchor",
        "presenter",
        "correspondent",
        "correspondant",
        "correspondante",
        "reporter",
        "journaliste",
        "journalist",
        "envoyé",
        "envoyée",
        "executive",
        "ceo",
        "chairman",
        "chairwoman",
        "pdg",
        "dirigeante",
        "directrice",
        "coroner",
        "légiste",
        "pathologist",
        "sheriff",
        "shérif",
        "ombudsman",
        "author",
        "writer",
        "auteur",
        "autrice",
        "écrivain",
        "écrivaine",
        # clergy and scholars: one identifiable person when definite ("the bishop", "le cardinal")
        "bishop",
        "archbishop",
        "cardinal",
        "pope",
        "priest",
        "pastor",
        "rabbi",
        "imam",
        "professor",
        "lecturer",
        "commentator",
        "columnist",
        "évêque",
        "archevêque",
        "pape",
        "prêtre",
        "curé",
        "pasteur",
        "rabbin",
        "professeur",
        "chroniqueur",
        "chroniqueuse",
        "éditorialiste",
        "essayiste",
    ]
)
PERSON_ROLES = PERSON_ROLES_EXTRA | frozenset(
    [
        "adviser",
        "advisor",
        "farmer",
        "researcher",
        "scientist",
        "nurse",
        "doctor",
        "lawyer",
        "teacher",
        "witness",
        "resident",
        "owner",
        "manager",
        "father",
        "mother",
        "son",
        "daughter",
        "victim",
        "survivor",
        "chercheur",
        "chercheuse",
        "agriculteur",
        "agricultrice",
        "infirmier",
        "infirmière",
        "médecin",
        "avocat",
        "avocate",
        "enseignant",
        "enseignante",
        "témoin",
        "habitant",
        "habitante",
        "propriétaire",
        "gérant",
        "gérante",
        "père",
        "mère",
        "fils",
        "fille",
        "victime",
        "survivant",
        "survivante",
        "commerçant",
        "commerçante",
        "patron",
        "patronne",
        "entraîneur",
        "coach",
        "ancien",
    ]
)
_PLATFORMS = r"(?:X|Twitter|Facebook|Instagram|Telegram|TikTok|YouTube|Truth Social|Bluesky|WhatsApp|VKontakte)"
SOCIAL = re.compile(
    r"\b(tweet|tweeté|tweeted|retweet|post(?:ed)? on|posted to (?:X|Twitter|Facebook|Instagram|Telegram|TikTok|"
    r"YouTube|Truth Social|Bluesky)|(?:publiée?s?|partagée?s?|postée?s?|diffusée?s?) sur (?:X|Twitter|Facebook|"
    r"Instagram|Telegram|TikTok|YouTube|Truth Social|Bluesky)|a post on|in a post|on (?:X|Twitter|Facebook|Instagram|"
    r"Telegram|TikTok|Truth Social|Bluesky)|[Ss]ur (?:X|Twitter|Facebook|Instagram|Telegram|TikTok|Bluesky|"
    r"les réseaux sociaux|son compte)|message publié|publication sur|chaîne Telegram|Telegram channel|"
    r"compte (?:X|Twitter|Telegram|Instagram|Facebook)|"
    # "on his Truth Social app", "onto his personal Facebook page", "took to Facebook", "in a Facebook post",
    # "sur son canal Telegram", "sur sa page Facebook"
    r"(?:[Oo]n|[Oo]nto|to|[Vv]ia) (?:his|her|their|its|the) (?:\w+ )?"
    + _PLATFORMS
    + r"|took to "
    + _PLATFORMS
    + r"|"
    + _PLATFORMS
    + r" (?:post|page|account|channel|app|feed|video|story|live)s?|"
    r"[Ss]ur (?:son|sa|leur|ses) (?:compte|chaîne|canal|page|fil|réseau|profil)s? (?:officiel(?:le)? )?"
    + _PLATFORMS
    + r")\b"
)
PLATFORM_WORDS = frozenset(
    ["telegram", "x", "twitter", "facebook", "instagram", "tiktok", "youtube", "chaîne", "channel", "compte", "account"]
)
# Phrases shown as cues: who speaks anonymously, and the post a statement comes from.
ANONYMITY_PHRASE = re.compile(
    r"((?:s['’]exprimant |parlant |speaking )?(?:sous couvert d['’]anonymat|on condition of anonymity|"
    r"(?:who|qui) (?:asked|a demandé|ont demandé|requested) (?:not to be|à ne pas être|de ne pas être) "
    r"(?:named|identified|nommée?s?|identifiée?s?)))",
    re.I,
)
SOCIAL_INTRO = re.compile(
    r"((?:in|dans) (?:a|an|un|une) (?:post|tweet|message|vidéo|video|publication|statement|communiqué)"
    r"[^,.;]{0,50}? (?:on|to|sur) (?:X|Twitter|Facebook|Instagram|Telegram|TikTok|Truth Social|Bluesky|YouTube)"
    r"|(?:dans|in) (?:a|an|un|une) (?:tweet|post|message) publié[^,.;]{0,20}"
    r"|sur son (?:compte|réseau)[^,.;]{0,30}|on (?:his|her|their|its) (?:account|platform|network)[^,.;]{0,30})",
)
# A sentence opened by the post it reports: "In his Twitter post, Trump also blasted ...", "Dans une vidéo
# publiée sur Telegram, le gouverneur affirme ...", "In a subsequent Facebook post, Lew wrote".
POST_INTRO = re.compile(
    r"^\W*((?:in|dans) (?:his|her|their|its|a|an|the|un|une|son|sa|leur)(?: \w+)? (?:(?:"
    + _PLATFORMS
    + r") )?(?:post|tweet|message|vidéo|video|publication|story|thread|fil)\b[^,.;]{0,40}?),",
    re.I,
)
SAME_SOURCE = re.compile(r"\b(la même source|cette source|cette même source|the same source|that source)\b", re.I)
# Publishing verbs (lemmas): their subject is the source of the content it published ("BFMTV a diffusé les
# images de ...", "NASA has released a photograph ...") when the object is content, not a book or a law.
PUBLISH_VERBS: dict[str, frozenset[str]] = {
    "fr": frozenset(["publier", "diffuser", "poster", "partager", "relayer", "mettre", "tweeter", "dévoiler"]),
    "en": frozenset(["publish", "post", "share", "release", "air", "broadcast", "tweet", "upload", "issue"]),
}
PUBLISHED_CONTENT = frozenset(
    [
        "prévision",
        "prévisions",
        "forecast",
        "forecasts",
        "vidéo",
        "vidéos",
        "image",
        "images",
        "photo",
        "photos",
        "photographie",
        "photographies",
        "séquence",
        "séquences",
        "extrait",
        "extraits",
        "enregistrement",
        "enregistrements",
        "message",
        "messages",
        "publication",
        "tweet",
        "tweets",
        "post",
        "communiqué",
        "déclaration",
        "données",
        "chiffre",
        "chiffres",
        "bilan",
        "rapport",
        "document",
        "documents",
        "fiche",
        "analyse",
        "étude",
        "liste",
        "carte",
        "lettre",
        "note",
        "ligne",
        "lignes",
        "article",
        "enquête",
        "sondage",
        "statistique",
        "statistiques",
        "visuel",
        "témoignage",
        "témoignages",
        "capture",
        "captures",
        "montage",
        "clip",
        "audio",
        "relevé",
        "video",
        "videos",
        "footage",
        "image",
        "picture",
        "pictures",
        "photograph",
        "photographs",
        "clip",
        "clips",
        "recording",
        "recordings",
        "audio",
        "message",
        "messages",
        "post",
        "posts",
        "statement",
        "statements",
        "release",
        "releases",
        "alert",
        "alerts",
        "warning",
        "warnings",
        "advisory",
        "data",
        "figures",
        "report",
        "reports",
        "document",
        "documents",
        "letter",
        "list",
        "map",
        "study",
        "analysis",
        "transcript",
        "allegation",
        "allegations",
        "article",
        "poll",
        "survey",
        "statistics",
        "snippet",
        "snippets",
        "screenshot",
        "screenshots",
        "excerpt",
        "excerpts",
        "guidelines",
        "emails",
        "email",
        "memo",
        "details",
        "information",
        "evidence",
        "tape",
        "tapes",
        "findings",
        "results",
    ]
)
# Speech verbs whose news is a noun after "de" / "of": "#Macron nous assurait de l'isolement de la Russie", "avait
# averti le Congrès d'une attaque imminente", "warned of a shortage".
DE_NOUN_REPORTING = frozenset(["assurer", "avertir", "informer", "prévenir", "alerter", "warn"])
DE_NOUN_CASES = frozenset(["de", "d'", "d’", "du", "des", "of", "about"])
# Reporting verbs whose object can be the news itself: "a annoncé l'ouverture d'une enquête".
OBJECT_REPORTING = frozenset(
    [
        "annoncer",
        "confirmer",
        "révéler",
        "signaler",
        "rapporter",
        "revendiquer",
        "dévoiler",
        "démentir",
        "nier",
        "annoncer",
        "announce",
        "confirm",
        "reveal",
        "report",
        "claim",
        "disclose",
        "deny",
        "accuse",
        "accuser",
        "avancer",
        "évoquer",
        "mentionner",
        "mention",
        "cite",
        "citer",
        "detail",  # "SHTFPlan originally detailed the symptoms …": what it detailed is its report
        "détailler",
    ]
)
# Verbs by which a document speaks: "Court documents show ...", "des courriels montrent que ...".
DOCUMENT_VERBS = frozenset(
    [
        "show",
        "montrer",
        "révéler",
        "reveal",
        "indiquer",
        "indicate",
        "suggérer",
        "suggest",
        "prouver",
        "prove",
        "attester",
        "find",
        "conclude",
        "conclure",
        "establish",
        "établir",
        "confirm",
        "confirmer",
        "détailler",
        "detail",
        "démontrer",
        "demonstrate",
        "souligner",
        "apparaître",
        "pointer",
        # a forecast or an estimate in a document's own words: "C'est ce que prévoit le nouveau rapport de l'OCDE",
        # "Une estimation de X situe à 0,5 % du PIB le coût", "the study predicts"
        "prévoir",
        "situer",
        "chiffrer",
        "évaluer",
        "predict",
        "forecast",
    ]
)

# Cues that name the outlet a source spoke to: the phrase after them counts only if it is an outlet.
OUTLET_ONLY_CUES = re.compile(
    r"^(interrog|contact|au micro|à l['’]antenne|dans les colonnes|dans un entretien|in an interview|speaking to|"
    r"interviewed|contacted)",
    re.I,
)
# Pronouns that continue the previous source ("Il a ajouté que ...").
CONTINUING_PRONOUNS = frozenset(
    [
        "il",
        "elle",
        "ils",
        "elles",
        "celui-ci",
        "celle-ci",
        "ce",
        "dernier",
        "cette",
        "dernière",
        "he",
        "she",
        "they",
        "it",
    ]
)
FIRST_PERSON = frozenset(["je", "j'", "j’", "nous", "me", "moi", "i", "we", "me", "us"])

# Sentences that break attribution carry-over: the author speaks again.
AUTHORIAL: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(il est (?:important|utile|bon) de (?:rappeler|noter|souligner)|il convient de|rappelons que|"
        r"notons que|précisons que)\b|"
        r"^\s*(bien que|même si|alors que|si |ce qui est|il est (maintenant |désormais |donc )?(clair|évident|"
        r"certain|intéressant|surprenant|"
        r"notable|frappant)|il n['’]est pas (surprenant|étonnant)|cependant|pourtant|toutefois|néanmoins|"
        r"en réalité|en fait|ainsi|dans ce contexte|rappelons|notons|on (le )?sait|force est de|"
        r"il faut (rappeler|noter|souligner)|par ailleurs|de (son|leur) côté|pour rappel|en outre|or\b|"
        r"c['’]est (pourquoi|dire)|bien sûr|évidemment|manifestement|de toute évidence|dans le même temps|"
        # the story moves on in time: "4 mois plus tard la Russie continue …" after "Fin mars, #Macron nous assurait"
        r"(?:\w+ (?:jours?|semaines?|mois|ans?|années) )?plus tard\b|depuis lors\b)",
        re.I,
    ),
    "en": re.compile(
        r"\b(it is (?:important|worth|useful) (?:to (?:remember|note|recall)|noting|remembering)|it should be "
        r"(?:noted|remembered)|to be sure|of course)\b|"
        r"^\s*(although|though|while|even if|if |it is (now |therefore )?(clear|obvious|evident|certain|"
        r"interesting|notable|no surprise)|"
        r"what is (clear|interesting|striking)|however|yet|in fact|in reality|indeed|clearly|obviously|"
        r"meanwhile|notably|of course|thus|therefore|against this backdrop|in this context|separately|"
        r"but\b|still\b|(?:\w+ (?:days?|weeks?|months?|years?) )?later\b|since then\b)",
        re.I,
    ),
}

# --- status ---------------------------------------------------------------------------------------

HEDGES: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(présumée?s?|prétendue?s?|prétendument|supposée?s?|supposément|selon toute (vraisemblance|"
        r"probabilité)|vraisemblablement|probablement|peut-être|apparemment|semble-t-il|il semble(rait)? que|"
        r"sembl(?:e|ent|ait|aient) (avoir|être|indiquer|vouloir|pouvoir|devoir)|"
        r"il est (possible|probable|vraisemblable) que|présumément|"
        r"sans doute|a priori|visiblement|officieusement|soupçonnée?s?|suspectée?s?|"
        r"sugg[eè]r(?:e|ent|ait|aient|é)? que|laisse(?:nt)? (?:penser|supposer|croire) que|il se pourrait que|"
        r"il ne sembl(?:e|ait|erait) pas que)\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(reportedly|allegedly|alleged|purportedly|purported|apparently|supposedly|presumably|presumed|"
        r"it (?:is|was|has been|is being) (?:widely )?reported|"
        r"likely|possibly|probably|perhaps|may have|might have|could have|may be|might be|"
        r"is believed to|are believed to|was believed to|were believed to|is thought to|are thought to|"
        r"is said to|are said to|was said to|were said to|appears? to|appeared to|seems? to|seemed to|"
        r"it is (possible|likely|unclear|not clear) (that|whether)|rumou?red|ostensibly|"
        r"it (?:appears|seems|would appear) that|it (?:does|did|would) not (?:appear|seem) that|"
        r"suspected|(?:is|are|was|were) understood to|believed to have|"
        r"suggest(?:s|ed)? that|may well|might well)\b",
        re.I,
    ),
}
# The French conditional is found with spaCy morphology; the hedge regex above only catches "aurait",
# "serait" etc. when the parse is unavailable. Irregular future stems for the lemma fallback:
FR_FUTURE_STEMS = frozenset(
    [
        "ser",
        "aur",
        "pourr",
        "devr",
        "fer",
        "ir",
        "viendr",
        "verr",
        "voudr",
        "saur",
        "faudr",
        "tiendr",
        "obtiendr",
        "enverr",
        "mourr",
        "courr",
        "recevr",
        "apercevr",
        "deviendr",
        "reviendr",
        "parviendr",
        "interviendr",
        "maintiendr",
        "soutiendr",
        "détiendr",
        "appartiendr",
        "vaudr",
        "prévaudr",
        "pleuvr",
        "assiér",
    ]
)
POLITE_LEMMAS = frozenset(["vouloir", "aimer", "souhaiter", "préférer", "falloir"])

UNCONFIRMED: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"(aucun(?:e)?\s[^.;!?]{0,80}?ne permet(?:tent|tait)?[^.;!?]{0,25}? d(?:e |['’]\s?)(?:l['’]\s?|les |le |la )?"
        r"(?:établir|confirmer|corroborer|vérifier|étayer|attester|prouver)"
        r"|aucun(?:e)?\s[^.;!?]{0,80}?(?:pour|permettant de|ne permet(?:tant)? de|ne vient|venant)\s"
        r"(?:de\s)?(?:confirmer|corroborer|vérifier|étayer|attester)(?:\s(?:cette|ces|cet|ce|la|le|les|l['’])\s?"
        r"\w+)?"
        r"|n['’](?:a|ont|avait|avaient|ait|aient) (?:pas |)pu être (?:vérifiée?s?|confirmée?s?|authentifiée?s?|"
        r"établie?s?|corroborée?s?)"
        r"|n['’](?:a|ont|avait|avaient) (?:pas |encore |)pu (?:confirmer|vérifier|authentifier|corroborer)"
        r"[^.;]{0,40}"
        r"|aucun(?:e)?\s[^.;!?]{0,60}?n['’](?:est|sont) (?:encore |)venue?s? (?:confirmer|corroborer|étayer)"
        r"[^.;]{0,30}"
        r"(?: de (?:manière|façon|source) indépendante)?"
        r"|ne (?:peu(?:ven)?t|pouvaient|pouvait|pourront) (?:pas )?être (?:vérifiée?s?|confirmée?s?)"
        r"(?: de (?:manière|façon|source) indépendante)?"
        r"|n['’](?:a|ont) pas (?:encore )?été (?:vérifiée?s?|confirmée?s?|corroborée?s?|établie?s?|authentifiée?s?)"
        r"(?: de (?:manière|façon|source) indépendante| par (?:une |d['’]autres? )?sources? indépendantes?)?"
        r"|(?:impossible|difficile) de (?:vérifier|confirmer)[^.;]{0,40}"
        r"|sans (?:qu['’]il soit possible de |pouvoir |)(?:les? |la |l['’])?(?:vérifier|confirmer)"
        r"|non (?:confirmée?s?|vérifiée?s?)|invérifiée?s?|invérifiables?"
        r"|rien ne (?:permet|vient) (?:de |d['’])?(?:confirmer|étayer|corroborer|prouver)"
        r"|aucune (?:preuve|confirmation)(?: indépendante)?"
        r"|pas (?:en mesure|été en mesure) de (?:vérifier|confirmer)[^.;]{0,40}"
        r"|sans (?:apporter |fournir )?(?:la moindre |aucune )?preuve)",
        re.I,
    ),
    "en": re.compile(
        r"((?:could|can|cannot|can['’]t|couldn['’]t)(?: not)? (?:be )?(?:immediately )?(?:independently )?"
        r"(?:verif(?:y|ied)|confirm(?:ed)?|corroborat(?:e|ed)|authenticat(?:e|ed))(?: independently)?"
        r"(?: (?:the|these|this|that|those|its|their) \w+)?"
        r"|(?:has|have|had) not (?:yet )?been (?:independently )?(?:verified|confirmed|corroborated|authenticated)"
        r"|(?:has|have|had|was|were) (?:not |not been |been un|un)able to (?:independently )?"
        r"(?:verify|confirm|corroborate)"
        r"[^.;]{0,40}"
        r"|(?:was|were) (?:not|unable to be) (?:independently )?(?:verified|confirmed)"
        r"|(?:was|were|is|are) unable to (?:independently )?(?:verify|confirm)[^.;]{0,40}"
        r"|not (?:been )?(?:independently )?(?:verified|confirmed)"
        r"|unverified|unconfirmed|unsubstantiated"
        r"|(?:\bno |without (?:any |providing |offering )?)(?:independent |official |hard )?(?:evidence|proof|"
        r"confirmation|corroboration)"
        r"(?: (?:to (?:support|back|confirm) (?:the |this |these |that |those )?\w+|was (?:provided|offered|given)|"
        r"has (?:emerged|been (?:provided|published|released))))?"
        r"|there (?:is|was|has been) no (?:independent |official )?(?:evidence|proof|confirmation)[^.;]{0,40})",
        re.I,
    ),
}

# "no evidence that P", "aucune preuve que P": absence of evidence with a proposition of its own (a negative
# claim), as opposed to "no evidence to support the claim" (a status cue for another claim).
EVIDENCE_ABSENCE = re.compile(
    r"(?:there (?:is|was|has been|had been) |(?:has|have|had) (?:found )?)?no (?:independent |official |hard |"
    r"clear |credible )?(?:evidence|proof)\b|aucune? (?:preuve|trace|élément)(?: tangible| concret)?\b",
    re.I,
)
BACK_REFERENCE_WORD = re.compile(
    r"\s+(?:(?:of|for|to|de|d['’])\s?(?:this|that|it|these|those|them|cela|ceci|ça|celle-ci|celui-ci)|"
    r"(?:this|these|those|cela|ceci|ça))\b",
    re.I,
)
PROPOSITION_START = re.compile(
    r"\s+(?:that|que|qu['’]|of|de|d['’]|du|des|linking|connecting|reliant)\b|"
    r"\s+(?:the|a|an|any|he|she|they|it|his|her|their|its|le|la|les|l['’]|un|une|(?-i:[A-Z]\w+))\s?\w+[^,;.]*?"
    r"\b(?:was|were|is|are|had|has|have|did|would|could|a|ont|avait|avaient|est|sont|aurait)\b",
    re.I,
)

# A cue sentence that points back at an earlier claim ("cette affirmation", "these claims").
BACK_REFERENCE: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(cette|ces|cet|ce|ladite|lesdites) (?:\w+ )?(affirmations?|informations?|allégations?|accusations?|"
        r"déclarations?|versions?|thèses?|rumeurs?|annonces?|revendications?|assertions?|images?|vidéos?|"
        r"chiffres?|bilans?|propos|récits?|faits?|rapports?|éléments?|dires)\b|\bles? (?:faits|propos|"
        r"accusations|informations|allégations)\b|\bl['’](?:information|affirmation|accusation|allégation)\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(this|these|that|those|the|such) (?:\w+ )?(claims?|reports?|allegations?|information|accounts?|assertions?|"
        r"statements?|figures?|footage|videos?|images?|accusations?|charges?|story|stories|rumou?rs?|"
        r"numbers?|toll|details?)\b|\b(it|them)\b",
        re.I,
    ),
}

# --- not a claim ------------------------------------------------------------------------------------

EXHORTATION: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(?:doi(?:t|vent) enfin|devrai(?:t|ent) avoir honte|doi(?:t|vent) cesser|doi(?:t|vent) arrêter)\b|"
        r"^\s*(il (?:faut|faudrait|faudra)|(?:nous|vous) (?:devons|devez|devrions|devriez)|espérons|souhaitons|"
        r"n['’]oublions|imaginons|agissons|refusons|exigeons|mobilisons|soutenez|rejoignez|partagez|"
        r"signez|votez|il est temps|que (?:chacun|l['’]on|tous))",
        re.I,
    ),
    "en": re.compile(
        r"\b(?:must finally|should be ashamed|must stop|needs? to stop)\b|"
        r"^\s*(we (?:must|should|need to|have to|ought to)|you (?:must|should|need to)|let['’]s|let us|"
        r"it is time|it['’]s time|join|share|sign|vote|stand|demand|don['’]t|never forget|imagine)\b",
        re.I,
    ),
}
OPINION: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(je pense|je crois|à mon avis|selon moi|pour moi|j['’]estime|nous pensons|nous croyons|"
        r"il me semble|je trouve|je suis convaincu|c['’]est une honte|c['’]est scandaleux|quelle honte|"
        r"honteux|inadmissible|inacceptable|magnifique|formidable|lamentable|ridicule|une blague|une farce|"
        r"rien compris|avoir honte|une honte|un scandale|le meilleur|la meilleure|le pire|la pire|"
        r"absolument|grotesque|pathétique|minable|génial|incroyable|décidément|on (?:peut|pourrait) (?:bien )?"
        r"imaginer|on imagine)\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(i think|i believe|in my (?:view|opinion)|i feel|we believe|we think|i hope|it seems to me|"
        r"i am convinced|shameful|disgraceful|outrageous|unacceptable|wonderful|ridiculous|pathetic|"
        r"a disgrace|a shame|a joke|a farce|the best|the worst|simply the|absolutely|utterly|brilliant|amazing|"
        r"terrible|awful|should be ashamed|clueless)\b",
        re.I,
    ),
}
# The speaker's own wish, intention or feeling ("I want to increase spending", "we want to follow the way of the
# prophet", "I felt that it was my duty", "je voudrais savoir"): not claims (guideline, section 1), also when quoted
SPEAKER_WISH: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(?:je (?:veux|voudrais|souhaite|souhaiterais|désire)|j['’]aimerais|"
        r"nous (?:voulons|voudrions|souhaitons|souhaiterions))\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(?:i|we)(?: really| just| specifically| also| only)? (?:want(?:ed)? to|would (?:like|love)|"
        r"['’]d (?:like|love)|felt|wish|"
        r"dislike|hate)\b",
        re.I,
    ),
}
# Insults and scorn in the writer's own words ("La déclaration stupide de Joe Biden … est absurde", "Washington's
# stupid and inexplicable actions"): a value judgement (not inside quotation marks: « mensonges absurdes » is what
# someone called it, reported)
EVALUATIVE: dict[str, re.Pattern[str]] = {
    "fr": re.compile(
        r"\b(?:stupides?|absurdes?|effrayante?s?|flippante?s?|cyniques?|lubies?|délirante?s?|insensée?s?|"
        r"aberrante?s?|pitoyables?|odieu(?:x|se|ses)|ignobles?|abjecte?s?|nauséabonde?s?|débiles?|idiote?s?|"
        r"imbéciles?|crétins?|scandaleu(?:x|se|ses)|pitreries|saugrenue?s?)\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(?:stupid|absurd|idiotic|insane|crazy|cynical|disgusting|vile|despicable|ludicrous|laughable|"
        r"preposterous|scary|dumb|moronic|hysterical|deranged|delusional)\b",
        re.I,
    ),
}
QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
# Sentences that are never claims: newsroom furniture, requests for comment, live-blog greetings.
NON_CLAIM = re.compile(
    r"(stay with us|restez avec nous|merci de nous avoir suivis|thanks? for (?:following|reading)|good (?:morning|"
    r"evening|afternoon)\b|bonjour et bienvenue|welcome to our|we['’]ll (?:bring|be bringing|keep) you|"
    r"nous (?:reviendrons|vous tiendrons)|suivez (?:notre|ce) direct|ce direct est (?:maintenant )?(?:terminé|clos)|"
    r"this live (?:blog|page)|pour plus d['’]informations|for more information|for media inquiries|"
    r"contactez|contact us|please contact|n['’]a pas (?:donné suite|répondu)|n['’]ont pas (?:donné suite|répondu)|"
    r"did not (?:immediately )?(?:respond|comment|reply)|has not (?:responded|commented)|declined to comment|"
    r"a refusé de commenter|n['’]a pas (?:souhaité )?(?:commenter|réagir|réagi)|no comment|"
    r"(?:a|avons|ont) tenté de (?:joindre|contacter)|tried to reach|could not be reached|n['’]a pas pu être joint|"
    r"sans succès|reste joignable|abonnez|subscribe|sign up|reached out to [^.;]{0,80}for comment|"
    r"requests? for comment|(?:a|ont) sollicité [^.;]{0,60}(?:réaction|commentaire)|"
    # wire credits: "Garcia Cano reported from Las Vegas.", "AP writers ... contributed to this report."
    r"^\s*(?-i:[A-Z][\w’'.-]+(?: [A-Z][\w’'.-]+){0,3}) reported from (?-i:[A-Z][\w .,-]{1,40})\.?\s*$|"
    r"contributed (?:reporting )?to this (?:report|story|article)|a contribué à cet (?:article|reportage)|"
    r"^\s*(?:this|the) (?:article|story|piece|post) (?:is|was|first|originally|has been|appeared)\b|"
    # "Article posted with permission from Pamela Geller", "Republished with permission of X"
    r"^\s*(?:article |this article )?(?:posted|reposted|republished|reprinted|shared) (?:here )?with "
    r"(?:the )?(?:kind )?permission (?:from|of)\b|publié avec (?:l['’]aimable )?autorisation|"
    r"^\s*cet (?:article|texte) (?:a été|est|a d['’]abord été) (?:initialement |d['’]abord )?(?:publié|paru))",
    re.I,
)
BOILERPLATE = re.compile(
    r"^\s*(?:par|by) (?-i:[A-ZÉ][\w’'-]+(?: [A-ZÉ][\w’'-]+){0,3}"  # bylines, names capitalised
    r"(?:(?: et| and|,) [A-ZÉ][\w’'-]+(?: [A-ZÉ][\w’'-]+){0,3})*)\s*$|"
    r"^\s*(?:publié|mis à jour|modifié|published|updated|posted)(?: le| on| at)?\s+[\w ,.:/h-]{0,40}$|"
    r"^\s*(?:photo|image|illustration|crédits?|source|vidéo|video)\s*[:/©]|"
    r"^\s*(?-i:MUST WATCH|WATCH(?: LIVE)?|VIDEO|VIDÉO|EN VIDÉO|À VOIR|REGARDEZ)\b|"  # video teasers
    r"^\s*(check also|read also|lire aussi|à lire aussi|voir aussi|see also|related|sur le même sujet|"
    r"share|partager|follow us|suivez-nous|abonnez-vous|subscribe|advertisement|publicité|"
    r"photo\s*:|crédit|credit\s*:|©)",
    re.I,
)
# "— Name (@handle) February 17, 2023": the signature line of an embedded tweet pasted as text.
EMBED_SIGNATURE = re.compile(
    r"(?:^|\n|\s)[—–-]\s*(?P<author>[^()\n]{1,80}?)\s*\((?P<handle>@\w{1,30})\)\s*"
    r"(?P<date>[A-Za-zéû.]+ \d{1,2},? \d{4}|\d{1,2} [a-zéû.]+ \d{4})\s*$"
)
QUOTE_PAIRS = (("«", "»"), ("“", "”"), ('"', '"'), ("„", "“"))


# Passive reporting verbs with an infinitive that hedge ("is reported to have", "is speculated to be codenamed", "is
# understood to have"): :func:`claimscope.analyzers._status.passive_hearsay`
PASSIVE_HEARSAY = frozenset(
    ["say", "report", "believe", "think", "allege", "rumor", "rumour", "claim", "suspect", "speculate", "understand"]
)

# --- lemmas -----------------------------------------------------------------------------------------

_EN_IRREGULAR = {
    "said": "say",
    "says": "say",
    "saying": "say",
    "told": "tell",
    "tells": "tell",
    "telling": "tell",
    "wrote": "write",
    "written": "write",
    "writes": "write",
    "writing": "write",
    "denied": "deny",
    "denies": "deny",
    "people": "people",
    "men": "man",
    "women": "woman",
    "held": "hold",
    "made": "make",
    "thought": "think",
    "believed": "believe",
    "spoke": "speak",
    "spoken": "speak",
    "put": "put",
    "read": "read",
    "gave": "give",
    "given": "give",
    "found": "find",
    "knew": "know",
    "known": "know",
    "understood": "understand",
}
_KNOWN_LEMMAS: frozenset[str] = frozenset().union(
    *REPORTING_VERBS.values(),
    *PUBLISH_VERBS.values(),
    *DENIAL_VERBS.values(),
    *UNNAMED_HEADS.values(),
    *DOCUMENT_HEADS.values(),
    *OUTLET_HEADS.values(),
    *ORG_HEADS.values(),
    *PERSON_TITLES.values(),
    DOCUMENT_VERBS,
    PASSIVE_HEARSAY,
)


def lemma(tok: object) -> str:
    """The token's lemma, lower case; a small rule-based fallback when the pipeline has no lemmatizer."""
    value = str(getattr(tok, "lemma_", "") or "").lower()
    word = str(getattr(tok, "lower_", "")).lower()
    if value and (value != word or value in _KNOWN_LEMMAS):
        return value
    if word in _EN_IRREGULAR:
        return _EN_IRREGULAR[word]
    if word in _KNOWN_LEMMAS:
        return word
    for cand in (word[:-1], word[:-2], word[:-3] + "y", word[:-3], word[:-3] + "e", word[:-2] + "y"):
        if len(cand) > 2 and cand in _KNOWN_LEMMAS:
            return cand
    # a doubled consonant before "-ing": "admitting", "omitting" -> "admit"
    if word.endswith("ing") and len(word) > 6 and word[-4] == word[-5] and word[:-4] in _KNOWN_LEMMAS:
        return word[:-4]
    # French verbs the lemmatizer left as they are: "indique", "confie" (present), "indiqué(e)(s)",
    # "indiquent", "indiquait" -> "indiquer"
    if getattr(tok, "lang_", "") == "fr":
        for cand in (word + "r", word[:-1] + "er", word[:-2] + "er", word[:-3] + "er", word[:-4] + "er"):
            if len(cand) > 4 and cand in _KNOWN_LEMMAS:
                return cand
    return value or word
