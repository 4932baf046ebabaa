"""German words and sentence patterns for generated articles."""

SLOTS: dict[str, tuple[str, ...]] = {
    "subject": (
        "die Landesregierung", "der Stadtrat", "das Verkehrsministerium", "die Bundesbank",
        "die Opposition", "die Gewerkschaft", "der Bürgermeister", "die Stadtwerke",
        "das Gesundheitsamt", "die Schulbehörde", "der Finanzausschuss", "die Polizei",
        "die Bürgerinitiative", "der Landkreis", "die Universität", "die Deutsche Bahn",
    ),
    "object": (
        "einen neuen Haushalt", "die geplante Reform", "das umstrittene Gesetz", "den Ausbau der Radwege",
        "eine Erhöhung der Gebühren", "den Neubau der Brücke", "ein Förderprogramm", "die Sanierung der Schulen",
        "einen Windpark", "die Verlängerung der Straßenbahn", "ein Verbot von Einwegplastik",
        "die Zusammenlegung der Ämter", "neue Sicherheitsregeln", "den Tarifvertrag",
    ),
    "verb": (
        "beschloss", "kritisierte", "verschob", "verteidigte", "stoppte", "prüfte", "begrüßte",
        "unterstützte", "genehmigte", "überarbeitete", "präsentierte", "finanzierte",
    ),
    "participle": (
        "geprüft", "diskutiert", "unterstützt", "abgelehnt", "beschlossen", "verbessert",
        "vorbereitet", "überarbeitet",
    ),
    "infinitive": (
        "umsetzen", "prüfen", "verbessern", "finanzieren", "beschleunigen", "abschließen",
    ),
    "verb_now": (
        "plant", "stoppt", "prüft", "verschiebt", "beschließt", "kritisiert", "fordert", "startet",
    ),
    "when": (
        "am Montag", "am Dienstag", "am Mittwoch", "am Donnerstag", "am Freitag",
        "in der vergangenen Woche", "nach langen Verhandlungen", "überraschend", "am späten Abend",
        "bei einer Sondersitzung", "zum zweiten Mal in diesem Jahr",
    ),
    "place": (
        "Berlin", "Hamburg", "München", "Köln", "Leipzig", "Dresden", "Freiburg", "Bremen",
        "der Altstadt", "dem Umland", "den östlichen Stadtteilen",
    ),
    "name": (
        "Anna Schneider", "Markus Weber", "Julia Becker", "Stefan Hoffmann", "Katrin Wagner",
        "Jonas Richter", "Sabine Krüger", "Lukas Neumann", "Claudia Schmitt",
    ),
    "role": ("Sprecherin", "Vorsitzender", "Leiterin", "Experte", "Abgeordnete", "Referent"),
    "org": (
        "dem Städtetag", "der Industrie- und Handelskammer", "dem Mieterverein", "dem Bund der Steuerzahler",
        "der Verbraucherzentrale", "dem Landesrechnungshof",
    ),
    "plural": ("Familien", "Beschäftigte", "Unternehmen", "Pendler", "Schüler", "Haushalte", "Mieter"),
    "noun_now": (
        "neue Reform", "höhere Gebühren", "mehr Personal", "neues Konzept", "schärfere Regeln",
        "zusätzliche Mittel",
    ),
    "event": (
        "heftiger Kritik", "monatelangen Protesten", "einem Gerichtsurteil", "steigenden Kosten",
        "einem kritischen Gutachten", "dem Sturm",
    ),
}

SENTENCES: tuple[str, ...] = (
    "{subject} {verb} {when} {object}.",
    "Nach {event} {verb} {subject} {object}.",
    "\u201eWir haben {object} sorgfältig {participle}\u201c, sagte {name}, {role} bei {org}.",
    "{subject} will {object} bis {year} {infinitive}.",
    "Nach Angaben von {org} sind rund {num} {plural} in {place} betroffen.",
    "Die Kosten stiegen nach Angaben der Stadt um {pct} Prozent.",
    "Kritiker warnen, dass {object} in den nächsten {small} Jahren rund {num} Millionen Euro kosten könnte.",
    "In {place} {verb} {subject} {object}, doch Fachleute bei {org} warnten vor {event}.",
    "Ob {subject} {object} tatsächlich {infinitive} wird, ist noch offen.",
    "Viele {plural} in {place} fühlen sich nach eigenen Angaben nicht ausreichend informiert.",
)

HEADLINES: tuple[str, ...] = (
    "{Subject} {verb_now} {noun_now} für {place}",
    "Nach {event}: {subject} {verb_now} {noun_now}",
    "{num} {plural} betroffen: {subject} {verb_now} {noun_now}",
)

CORRECTION = (
    "Korrektur: In einer früheren Version dieses Artikels wurden die Zahlen von {org} falsch "
    "wiedergegeben. Der Artikel wurde aktualisiert (Fassung {revision})."
)
