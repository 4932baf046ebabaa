"""Write the labelled set (evaluation/story_labels.json): `python -m tests.stories.build_labels`.

The groups of real pages were read and judged by hand (the pairs of evaluation pages that share the most
words, published within days of each other); the copies and the unrelated pages are drawn with a fixed
seed from the evaluation pages that are long enough. Review the diff before committing.
"""

import json
import random
from pathlib import Path
from typing import Any

from newsingest.evaluation.story_set import LABELS, data_root, extract_pages

TRAF = "eval:trafilatura-eval/"
N4K = "eval:newspaper4k-pages/"
DEMO = "demo:"
# Same event, different outlets and words (the dup label groups copies of one text inside a story).
EVENTS: dict[str, list[tuple[str, str | None]]] = {
    "ev-baghdad-drones": [
        ("seed:000_917789561eed0d41.txt", "dup-amn-drones"),
        (
            DEMO + "amn/2022/01/2-suicide-drones-shot-down-while-trying-to-attack-us-troops-in-iraq/",
            "dup-amn-drones",
        ),
        ("seed:002_bc568f22cd0a6565.txt", "dup-k24-drones"),
        (DEMO + "k24/2022/01/coalition-forces-targeted-by-suicide-drones-in-baghdad.html", "dup-k24-drones"),
        ("rewrite:rw-drones-en", None),
        ("rewrite:rw-drones-de", None),
    ],
    "ev-heidelberg-reaction": [
        (TRAF + "djz.de-amoklauf", "dup-fwr-statement"),
        (TRAF + "jagdverband.de-erschuettert", "dup-fwr-statement"),
        ("rewrite:rw-amoklauf", None),
    ],
    "ev-boric-magallanes": [
        (TRAF + "cooperativa.cl-presidente", None),
        (TRAF + "24horas.cl-segundo", None),
        ("rewrite:rw-boric", None),
    ],
    "ev-bvi-premier": [
        (TRAF + "stluciatimes.com-dea", None),
        (TRAF + "thestkittsnevisobserver.com-bvi", None),
        ("rewrite:rw-bvi", None),
    ],
    "ev-brexit-letwin": [
        (TRAF + "d70fab3adde74d5fb63552855c981395", None),
        (TRAF + "d42c68f1b0f4408b81cf8f00bbe1a631", None),
        ("rewrite:rw-brexit", None),
    ],
    "ev-bolivia-cars": [(TRAF + "eldeber.com.bo-autos", None), (TRAF + "paginasiete.bo-carabineros", None)],
    "ev-pacheco-fux": [
        (TRAF + "correiobraziliense.com.br-poderes", None),
        (TRAF + "gazetadopovo.com.br-pacheco", None),
    ],
    "ev-kfw-stop": [
        (TRAF + "zdh.de-foerderungsstopp", None),
        (TRAF + "bmwi.de-neubau", None),
        ("rewrite:rw-kfw", None),
    ],
    "ev-library": [
        (DEMO + "local/2021/11/city-council-approves-riverside-library-renovation.html", "dup-library"),
        (DEMO + "wire/2021/11/city-council-approves-riverside-library-renovation.html", "dup-library"),
        ("rewrite:rw-library", None),
    ],
    "ev-dayton": [
        (DEMO + "amn/2021/12/veterans-nonprofit-opens-job-training-center-in-dayton/", None),
        ("rewrite:rw-dayton", None),
    ],
    "ev-canals": [
        (DEMO + "k24/2022/01/kurdistan-region-begins-repairs-on-aging-irrigation-canals.html", None),
        ("rewrite:rw-canals", None),
    ],
    "ev-wheat": [
        (DEMO + "k24/2022/02/erbil-farmers-expect-stronger-wheat-harvest.html", None),
        ("rewrite:rw-wheat", None),
    ],
    "ev-radwege": [
        (DEMO + "de/2022/02/stadtrat-beschliesst-ausbau-der-radwege.html", None),
        ("rewrite:rw-radwege", None),
    ],
    "ev-telegram": [
        (DEMO + "tech/2022/03/emergency-office-to-send-storm-alerts-through-telegram-channel.html", None),
        ("rewrite:rw-telegram", None),
    ],
    # The same page under two ids (the set's own duplicates): one text, one story.
    "ev-swimwear": [
        (TRAF + "heavenlynnhealthy.de.mareenburk", "dup-swimwear"),
        (TRAF + "heavenlynnhealthy.de.areenburk", "dup-swimwear"),
    ],
    "ev-top10": [
        (TRAF + "womencantalksports.com-top10", "dup-top10"),
        (TRAF + "womencantalksports.com.top10", "dup-top10"),
    ],
    "ev-google-2014": [(N4K + "cleveland.com1", "dup-google"), (N4K + "video_article_01", "dup-google")],
}
# Same topic, different event: each its own story (next to an event above, or to each other).
DIFFERENT_EVENTS = [
    "rewrite:neg-drones-asad",
    "rewrite:neg-drones-week",
    "rewrite:neg-baghdad-sameday",
    "rewrite:neg-baghdad-rockets",
    "rewrite:neg-brexit-bill",
    "rewrite:neg-kfw-restart",
    "rewrite:neg-library-other",
    TRAF + "eurosport.de-corona",
    TRAF + "spox.com-corona-fealle",
    TRAF + "skispringen.com-verpasst",
    TRAF + "tennisnet.com-ueberraschungen",
    TRAF + "tennismagazin.de-viertelfinale",
    TRAF + "energiezukunft.eu.bioenergie",
    TRAF + "proplanta.de.erloesobergrenze",
    TRAF + "biobiochile.cl-gremios",
    TRAF + "latercera.com-laagenda",
    TRAF + "0afd671fc2b64f3caa83a91537e8d343",
    TRAF + "polizeiticker.ch-Unfall",
    TRAF + "independent.co.uk.penalty",
    TRAF + "standard.co.uk.caribbean",
]
# Judged ambiguous (a preview of a meeting and a report of it): left out of the set.
AMBIGUOUS = {TRAF + "automobilwoche.de-VW-Betriebsversammlung", TRAF + "auto.oe24.at-golfchina"}
SEED_TITLES = {
    "seed:000_917789561eed0d41.txt": (
        "2 suicide drones shot down while trying to attack US troops in Iraq",
        "2022-01-03T15:15:00+00:00",
        "seed-amn",
    ),
    "seed:002_bc568f22cd0a6565.txt": (
        "Coalition forces targeted by 'suicide drones' in Baghdad on second "
        "anniversary of Soleimani assassination",
        "2022-01-03T08:42:00+00:00",
        "seed-k24",
    ),
}
COPY_RECIPES = [
    ["headline", "dateline", "byline", "trim", "boilerplate"],
    ["headline", "edit", "extend", "boilerplate"],
    ["byline", "trim", "extend"],
    ["headline", "dateline", "edit", "boilerplate"],
]
BASES, SINGLES = 110, 150


def _source(origin: str) -> str:
    kind, _, ref = origin.partition(":")
    if kind == "demo":
        return ref.split("/")[0]
    if kind == "eval":
        return ref.split("/")[1].split("-")[0].split(".")[0] if "/" in ref else ref
    return kind


def _id(origin: str) -> str:
    return origin.split(":", 1)[1].strip("/").replace("/", "~")


def _doc_ids(data_set: str) -> list[str]:
    truth = json.loads((data_root("all") / data_set / "ground-truth.json").read_text(encoding="utf-8"))
    return list(truth)


def build() -> dict[str, Any]:
    """Return the labels document."""
    items: list[dict[str, Any]] = []
    used: set[str] = set(AMBIGUOUS)
    for story, members in EVENTS.items():
        for origin, dup in members:
            entry: dict[str, Any] = {"id": _id(origin), "from": origin, "source": _source(origin)}
            if origin in SEED_TITLES:
                entry["title"], entry["published"], entry["source"] = SEED_TITLES[origin]
            entry |= {"dup": dup or _id(origin), "story": story}
            items.append(entry)
            used.add(origin)
    for origin in DIFFERENT_EVENTS:
        items.append(
            {
                "id": _id(origin),
                "from": origin,
                "source": _source(origin),
                "dup": _id(origin),
                "story": _id(origin),
            }
        )
        used.add(origin)
    pool = [TRAF + d for d in _doc_ids("trafilatura-eval")] + [N4K + d for d in _doc_ids("newspaper4k-pages")]
    pool = [origin for origin in pool if origin not in used]
    pages = extract_pages(data_root("all"), pool)
    long_enough = [o for o in pool if (page := pages[o]) is not None and len(page["text"].split()) >= 150]
    rng = random.Random(15)
    bases = sorted(rng.sample(long_enough, BASES))
    rest = [
        o
        for o in pool
        if o not in bases and (page := pages[o]) is not None and len(page["text"].split()) >= 50
    ]
    singles = sorted(rng.sample(rest, SINGLES))
    for number, origin in enumerate(bases):
        base_id = _id(origin)
        items.append(
            {"id": base_id, "from": origin, "source": _source(origin), "dup": base_id, "story": base_id}
        )
        for copy in range(2):
            recipe = COPY_RECIPES[(number + copy) % len(COPY_RECIPES)]
            items.append(
                {
                    "id": f"{base_id}~copy{copy + 1}",
                    "from": "copy",
                    "base": base_id,
                    "ops": recipe,
                    "seed": number * 10 + copy,
                    "hours": rng.randint(1, 36),
                    "source": f"syndicator-{copy + 1}",
                    "dup": base_id,
                    "story": base_id,
                }
            )
    for origin in singles:
        items.append(
            {
                "id": _id(origin),
                "from": origin,
                "source": _source(origin),
                "dup": _id(origin),
                "story": _id(origin),
            }
        )
    return {"about": __doc__.strip().splitlines()[0], "items": items}


def main() -> None:
    """Write the labels file."""
    document = build()
    Path(LABELS).write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"{len(document['items'])} items written to {LABELS}")


if __name__ == "__main__":
    main()
