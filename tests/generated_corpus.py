"""A generated news collection of a few thousand articles for the browser tests, made from the
seeds' own sentences and a pool of made-up people, so it needs nothing outside the repository.

Every article gets a publication date spread over several years and names a few people from a
pool large enough that the person facet has hundreds of values (three of them are a मोदी), which
is what "more", facet-value search and the date histogram need to be tested at a real size.
"""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

from search.extract.corrections import Corrections

FIRST = ("अमित", "सुनील", "राहुल", "प्रिया", "अनीता", "विक्रम", "संजय", "रीना", "अर्जुन", "कविता",
         "मनोज", "दीपक", "सीमा", "आलोक", "नेहा", "रोहित", "पूजा", "गौरव", "शालिनी", "वरुण")
LAST = ("शर्मा", "वर्मा", "सिंह", "गुप्ता", "यादव", "मिश्रा", "पांडे", "चौहान", "जोशी", "त्रिपाठी",
        "कपूर", "मेहता", "अग्रवाल", "ठाकुर", "नायर")
#: Three people who share a surname: a facet-value search for it must find all three.
MODIS = ("नरेंद्र मोदी", "सुशील मोदी", "ललित मोदी")
SAYS = ("{} ने कहा कि बातचीत जारी रहेगी।", "{} ने इस फैसले का स्वागत किया।",
        "बैठक में {} भी मौजूद थे।", "{} ने पत्रकारों से बात की।")


def people() -> list[str]:
    return [f"{a} {b}" for a in FIRST for b in LAST] + list(MODIS)


def sentences(seeds: Path) -> list[str]:
    out = []
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out += [s.strip() for s in re.split(r"(?<=[।?!])\s+", text) if len(s.strip()) > 20]
    return out


def write_corpus(seeds: Path, folder: Path, n: int = 3000, seed: int = 12) -> Corrections:
    """``n`` articles as one JSONL file in ``folder``; the corrections that make the made-up
    names people (the tagger would find only some of them)."""
    rng = random.Random(seed)
    pool, lines = people(), sentences(seeds)
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "generated.jsonl").open("w", encoding="utf-8") as out:
        for i in range(n):
            named = rng.sample(pool, 3) if i % 7 else [rng.choice(MODIS), *rng.sample(pool, 2)]
            body = rng.sample(lines, rng.randint(3, 6))
            for name in named:
                body.insert(rng.randrange(len(body) + 1), rng.choice(SAYS).format(name))
            year, month, day = 2019 + i % 6, 1 + rng.randrange(12), 1 + rng.randrange(28)
            record = {"id": f"gen-{i:05d}", "title": f"{named[0]}: " + body[0][:60],
                      "text": "\n".join(body), "published": f"{year}-{month:02d}-{day:02d}"}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return Corrections.parse([f"add\tperson\t{name}" for name in pool])
