"""English words and sentence patterns for generated articles."""

SLOTS: dict[str, tuple[str, ...]] = {
    "subject": (
        "the city council", "the transport ministry", "the regional government", "the central bank",
        "the opposition party", "the health authority", "the school board", "the trade union",
        "the energy regulator", "the prime minister", "the finance committee",
        "the police department", "the planning office", "the water company", "the port authority",
        "a group of farmers", "the university", "the fire service", "the election commission",
        "the startup", "the airline", "the hospital trust", "the housing association",
    ),
    "object": (
        "a new budget", "the proposed rail link", "the housing plan", "a tax on fuel",
        "the draft law", "a pilot programme", "the hospital expansion", "new safety rules",
        "the wind farm project", "a review of bus routes", "the price increase", "the merger",
        "an emergency fund", "the school reforms", "a ban on late-night deliveries", "the pension changes",
        "the flood defences", "a public inquiry", "the data centre", "the cycling network",
        "a wage agreement", "the bridge repairs", "the recycling scheme", "the border controls",
    ),
    "verb": (
        "approved", "rejected", "delayed", "criticised", "announced", "defended", "revised",
        "welcomed", "questioned", "postponed", "backed", "blocked", "unveiled", "expanded",
        "reviewed", "signed", "challenged", "funded", "cancelled", "confirmed",
    ),
    "verb_base": (
        "approve", "review", "expand", "fund", "reconsider", "delay", "support", "replace",
        "simplify", "extend", "finish", "publish",
    ),
    "verb_now": (
        "approves", "rejects", "delays", "unveils", "backs", "blocks", "questions", "expands",
        "scraps", "defends", "funds", "reviews",
    ),
    "when": (
        "on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "last week",
        "earlier this month", "after a long debate", "late on Sunday", "this morning",
        "after months of talks", "at an emergency meeting", "for the second time this year",
    ),
    "place": (
        "Bristol", "Leeds", "Glasgow", "Cardiff", "Manchester", "the northern districts",
        "the harbour area", "the old town", "the eastern suburbs", "the capital", "the valley",
        "Riverside", "Northgate", "Millbrook", "Ashford", "the coastal towns",
    ),
    "name": (
        "Sarah Collins", "David Okafor", "Maria Lindqvist", "James Patel", "Elena Novak",
        "Thomas Reid", "Aisha Rahman", "Peter Walsh", "Grace Mensah", "Daniel Brooks",
        "Hannah Fischer", "Omar Haddad", "Laura Jensen", "Michael Tan", "Ruth Adeyemi",
    ),
    "role": (
        "a spokesperson", "the director", "a senior analyst", "the chair", "a researcher",
        "a board member", "the deputy mayor", "an economist", "the head of policy",
    ),
    "org": (
        "the Institute for Fiscal Studies", "the chamber of commerce", "the residents' association",
        "the transport workers' union", "Greenfield Consulting", "the national audit office",
        "the city university", "the consumer council", "the farmers' federation",
    ),
    "adj": (
        "controversial", "long-awaited", "ambitious", "costly", "modest", "revised", "temporary",
        "popular", "delayed", "regional", "national", "new",
    ),
    "noun": (
        "plan", "budget", "proposal", "project", "scheme", "report", "agreement", "policy",
        "investment", "strategy", "programme", "law",
    ),
    "plural": (
        "families", "workers", "businesses", "students", "drivers", "patients", "homes",
        "passengers", "jobs", "schools",
    ),
    "event": (
        "a sharp rise in costs", "complaints from residents", "a critical audit",
        "weeks of protests", "a court ruling", "the storm damage", "a drop in revenue",
        "pressure from investors", "a record number of applications",
    ),
}

SENTENCES: tuple[str, ...] = (
    "{subject} {verb} {object} {when}.",
    "{subject} {verb} {object} after {event}.",
    "\u201cWe have {verb} {object} because people in {place} asked for it,\u201d said {name}, {role} at {org}.",
    "{name}, {role} at {org}, said {subject} would {verb_base} {object} by {year}.",
    "According to {org}, about {num} {plural} in {place} are affected by {object}.",
    "The {adj} {noun} was {verb} {when}, and {subject} expects to {verb_base} it by {year}.",
    "Critics said {object} would cost around {num} million pounds over the next {small} years.",
    "In {place}, {subject} {verb} {object}, but {org} warned of {event}.",
    "Figures published {when} show that costs rose by {pct} percent in {place}.",
    "{subject} has not yet said whether it will {verb_base} {object}.",
    "Residents in {place} told reporters they had not been consulted about {object}.",
    "The decision follows {event} and {event}.",
)

HEADLINES: tuple[str, ...] = (
    "{Subject} {verb_now} {adj} {noun} for {place}",
    "{place} {plural} face uncertainty as {subject} {verb_now} {object}",
    "{Subject} {verb_now} {object} after {event}",
    "{num} {plural} affected as {subject} {verb_now} {object}",
    "Why {subject} {verb_now} the {adj} {noun}",
)

CORRECTION = (
    "Correction: An earlier version of this article misstated the figures published by {org}. "
    "The article has been updated (revision {revision})."
)
