"""Author names as people: bylines split on the joining words of every language, outlets and codes out.

Pages declare "Jane Doe und Max Muster", "Par A et B", "Tom Watkins, CNN", "unocero - Alberto Ávila",
"Redaktion", "CNN Wire", an e-mail address, or an agency's initials code "(obe)". Only the people stay.
"""

import re

from newsingest.clean.normalize import normalize_line

# "and" in the languages of the sets and the hidden pages: und, og, et, y, e, i, en, och, ve, és, a, и…
JOINERS = r"and|und|og|et|y|e|i|en|och|ja|ve|és|a|și|и|і|та|ו|و|與|和|dan|at|na|kaj|eta|agus|ac|ir|un"
SPLIT = re.compile(rf"\s*(?:[;|/·•]|,|&|\s(?:{JOINERS})\s)\s*", re.IGNORECASE)
BY = re.compile(
    r"^(?:(?:written|posted|reported|text|words|story|photos?|fotos?)\s+)?"
    r"(?:by|von|par|por|di|door|af|av|przez|från|tekst|texto|testo|autor(?:in)?|author|auteur|text)"
    r"\b\s*:?\s*",
    re.IGNORECASE,
)
EMAIL = re.compile(r"\S+@\S+\.\w+")
URL = re.compile(
    r"https?://\S+|www\.\S+|\b[\w-]+\.(?:com|net|org|de|fr|es|it|pl|pt|br|co|uk|hu|nl|ch|at|be|ru)\b", re.I
)
HANDLE = re.compile(r"(?<!\w)@\w+")
CODE = re.compile(r"\s*[(\[][^()\[\]]{1,6}[)\]]\s*")  # "(obe)", "[dpa]", "(AFP)"
# Words that name a newsroom, a desk, an agency or nobody, in the languages of the sets: never a person.
NOT_PEOPLE = re.compile(
    r"\b(redaktion|redaction|rédaction|redacción|redazione|redakcja|redactie|redação|editorial|editors?|"
    r"staff|newsroom|news ?desk|desk|team|wire|agency|agencia|agência|agenzia|agentur|press|presse|"
    r"news|nachrichten|noticias|notizie|nouvelles|anonymous|anonym|anónimo|anonimo|anonyme|admin|"
    r"administrator|guest|gast|contributors?|correspondent|reporters|collecti(?:f|ve)|kollektiv|"
    r"e-?mail|mail|contact|kontakt|profile|profil|follow|folgen|source|sources|quelle|źródło|fuente|fonte|"
    # teams, agencies and author-list labels in more languages; placeholders for "no author"
    r"zespół|équipe|equipo|equipe|squadra|tým|csapat|ekipa|команда|редакция|редакція|agenturen|agences|"
    r"agencias|agências|agenzie|auteurs|autoren|authors|autores|autori|autorzy|no author|unknown|null|n/a|"
    # a date line in a byline block ("Submitted on Mon, 12 Sep 2016")
    r"submitted|posted|published|updated|veröffentlicht|aktualisiert|publié|publicado|pubblicato|opublikowano|"
    r"about|über)\b",
    re.IGNORECASE,
)
# A photo or image credit in a byline-classed element ("Фото из Инстаграма …", "Bild: …"): no author.
CREDIT = re.compile(
    r"^(?:photos?|fotos?|фото|bild(?:er)?|zdjęci[ea]|imagen|image|credits?|crédits?|©)(?:\W|$)", re.IGNORECASE
)
# "Jane Doe for The Mail on Sunday", "für den Tagesspiegel": the outlet a person wrote for follows.
FOR_OUTLET = re.compile(
    r"\s+(?i:for|für|pour|para|per|voor|för|dla)\s+(?i:the\s+|den\s+|die\s+|das\s+)?[A-Z].*$"
)
# Fields of a byline: "Patricio Candia | Palma de Mallorca | 08/01/2014" (name, place, date).
FIELD = re.compile(r"\s*[|·•]\s*")
AGENCY = re.compile(r"^[A-Z]{2,6}$")  # one capitalised token: an agency code (AP, AFP, DPA, EFE), not a name
TRAILING = re.compile(r"[\s,:;…–—\"'“”„«»‘’‚-]+$|(?<=\w\w)\.$")  # "Joe S." keeps its initial's point
LEADING = re.compile(rf"^(?:[\s.,:;…–—\"'“”„«»‘’‚-]+|(?:{JOINERS})\s+)+", re.IGNORECASE)
MIN_NAME_CHARS = 4  # shorter site names are compared whole
MAX_WORDS = 5  # a longer part is a role, a bio or a sentence
MAX_CHARS = 60
MAX_OUTLET_BYLINE_WORDS = 4  # "Steven Salentin Mitglied der Tonight News-Redaktion" names a person too


def _key(text: str) -> str:
    return "".join(re.findall(r"\w+", text.casefold()))


def _is_site(part: str, site_keys: list[str]) -> bool:
    key = _key(part)
    return any(
        key == name or (len(name) >= 4 and len(key) >= 4 and (name in key or key in name))
        for name in site_keys
    )


def _person(part: str, site_keys: list[str]) -> str | None:
    part = CODE.sub(" ", HANDLE.sub(" ", URL.sub(" ", EMAIL.sub(" ", part))))
    part = normalize_line(part)
    if CREDIT.match(part):
        return None
    # "Read more articles by Jane Doe", "Analysis by Jane Doe": the name follows the last "by".
    part = re.split(r"\bby\s+", part, flags=re.IGNORECASE)[-1]
    part = LEADING.sub("", TRAILING.sub("", BY.sub("", part)))
    part = FOR_OUTLET.sub("", part)
    if not part or len(part) > MAX_CHARS or len(part.split()) > MAX_WORDS:
        return None
    if any(ch.isdigit() for ch in part) or NOT_PEOPLE.search(part) or _is_site(part, site_keys):
        return None
    if not any(ch.isalpha() for ch in part) or AGENCY.match(part):
        return None
    if part.islower() or (len(part) <= MIN_NAME_CHARS - 2 and " " not in part):
        return None  # "red" (a desk's abbreviation), "La": no name is all lower case or two letters
    return part


def names_outlet(line: str, site_keys: list[str]) -> bool:
    """Say whether a short byline names nobody but the site itself ("par Attac France", "By CNN")."""
    if len(line.split()) > MAX_OUTLET_BYLINE_WORDS:
        return False
    parts = [LEADING.sub("", TRAILING.sub("", BY.sub("", normalize_line(p)))) for p in SPLIT.split(line)]
    parts = [part for part in parts if part]
    return bool(parts) and all(_is_site(part, site_keys) for part in parts)


def _names_in(piece: str, site_keys: list[str]) -> list[str]:
    """Return the people one byline piece lists; a one-word part among full names is a place or desk."""
    found = [p for p in (_person(part, site_keys) for part in SPLIT.split(piece)) if p]
    if any(" " in name for name in found):
        # "Markus M. Haefliger, London, Beat Bumbacher": the city between the names is no author.
        found = [name for name in found if " " in name or not name.isascii() or not name.isalpha()]
    return found


def _fields(name: str) -> list[str]:
    """Return a byline's fields when it is "name | place | date", else the byline as one field."""
    fields = FIELD.split(name)
    if len(fields) >= 3 or (len(fields) == 2 and any(ch.isdigit() for ch in name)):
        return fields
    return [name]


def people(names: list[str], site_keys: list[str]) -> list[str]:
    """Return the people among declared or marked-up author names, each once, in order."""
    found: list[str] = []
    for name in names:
        # "Outlet - Jane Doe": a dash joins an outlet and a person; split there only when one side is a site.
        for field_ in _fields(name):
            pieces = re.split(r"\s+[-–—]\s+", field_)
            if len(pieces) > 1:
                pieces = [p for p in pieces if not _is_site(p, site_keys)]
            named = [person for piece in pieces for person in _names_in(piece, site_keys)]
            for person in named:
                if person not in found:
                    found.append(person)
            if named and field_ is not name:
                break  # the byline's first field that names people is its names field
    return found
