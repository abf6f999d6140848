"""A large, realistic dataset for benchmarks: many negotiations shaped like the bundled one.

Text is drawn from the bundled records' own vocabulary, names from pools of real-looking
names (with original-script names for some), dates spread over decades, so that searches and
layouts see what years of an analyst's records would give them. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path
from typing import Any

from tui.core.collection import load_default
from tui.core.model import Negotiation
from tui.core.saving import serialize

CITIES = [
    ("Geneva", "Switzerland"), ("London", "United Kingdom"), ("Stockholm", "Sweden"),
    ("Madrid", "Spain"), ("Kuala Lumpur", "Malaysia"), ("Busan", "South Korea"),
    ("Brussels", "Belgium"), ("Vienna", "Austria"), ("Doha", "Qatar"), ("Nairobi", "Kenya"),
    ("Lima", "Peru"), ("Oslo", "Norway"), ("Singapore", "Singapore"), ("Tokyo", "Japan"),
    ("Ottawa", "Canada"), ("Montevideo", "Uruguay"), ("Cairo", "Egypt"), ("Jakarta", "Indonesia"),
    ("São Paulo", "Brazil"), ("Reykjavík", "Iceland"), ("Zürich", "Switzerland"), ("Hanoi", "Vietnam"),
]  # fmt: skip
PARTIES = [
    ("us", "United States"), ("cn", "China"), ("eu", "European Union"), ("gb", "United Kingdom"),
    ("jp", "Japan"), ("in", "India"), ("br", "Brazil"), ("mx", "Mexico"), ("ca", "Canada"),
    ("kr", "South Korea"), ("au", "Australia"), ("za", "South Africa"), ("id", "Indonesia"),
]  # fmt: skip
GIVEN = ["Anna", "Wei", "Jamal", "Sofia", "Kenji", "Maria", "Li", "Ahmed", "Olga", "Pedro",
         "Chen", "Fatima", "Lars", "Ines", "Ravi", "Mei", "Tomás", "Yuki", "Amara", "Jonas"]  # fmt: skip
FAMILY = ["Bessent", "Greer", "Lutnick", "He", "Wang", "Okafor", "Schmidt", "Novak", "García",
          "Tanaka", "Kowalski", "Haddad", "Silva", "Müller", "Ivanova", "Zhou", "Dubois",
          "Andersson", "Rossi", "Nakamura", "Chenggang", "Lifeng", "Petrov", "Mensah"]  # fmt: skip
ORIGINAL = [
    "何立峰",
    "李成钢",
    "王文涛",
    "廖岷",
    "蔡奇",
    "王毅",
    "郭嘉昆",
    "田中",
    "김민준",
    "鄭柵潔",
]
ROLES = ["Trade Representative", "Treasury Secretary", "Vice Premier", "Minister of Commerce",
         "Chief Negotiator", "Deputy Minister of Finance", "Ambassador", "Foreign Minister",
         "Director-General for Trade", "Senior Adviser"]  # fmt: skip
ISSUES = ["Rare-earth export controls", "Tariff truce extension", "Fentanyl tariffs",
          "Port fees", "Soybean purchases", "Semiconductor controls", "TikTok divestiture",
          "Steel overcapacity", "Fisheries quotas", "Digital services tax", "Carbon border levy",
          "Investment screening", "Agricultural subsidies", "Currency practices"]  # fmt: skip
STATUSES = ["open", "discussed", "framework", "agreed", "paused", "deferred", "resolved"]
OUTLETS = ["Reuters", "AP", "Bloomberg", "Xinhua", "AFP", "Financial Times", "Nikkei",
           "South China Morning Post", "Le Monde", "El País", "The Straits Times"]  # fmt: skip


def _vocabulary() -> list[str]:
    """Words from the bundled records' summaries and outcomes: real negotiation prose."""
    text = []
    for negotiation in load_default().negotiations:
        for record in [*negotiation.rounds, *negotiation.issues, *negotiation.events]:
            text.append(getattr(record, "summary", ""))
            text.append(getattr(record, "outcome", ""))
    return re.findall(r"[\w'%–-]+", " ".join(text))


def _sentence(rng: random.Random, words: list[str], low: int, high: int) -> str:
    start = rng.randrange(len(words) - high)
    return " ".join(words[start : start + rng.randint(low, high)]) + "."


def negotiation_data(
    number: int, rng: random.Random, words: list[str], rounds: int = 20
) -> dict[str, Any]:
    """One generated negotiation as the plain data of a record file."""
    sides = rng.sample(PARTIES, 2)
    nid = f"talks-{number:04d}-{sides[0][0]}-{sides[1][0]}"
    parties = [{"id": pid, "name": name, "role": "side"} for pid, name in sides]
    people = []
    for index in range(rng.randint(18, 30)):
        party = sides[index % 2][0]
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        person: dict[str, Any] = {
            "id": f"p{index}",
            "name": name,
            "party": party,
            "role": rng.choice(ROLES),
        }
        if rng.random() < 0.3:
            person["name_original"] = rng.choice(ORIGINAL)
        people.append(person)
    issues = []
    for index, title in enumerate(rng.sample(ISSUES, rng.randint(8, 12))):
        issues.append({
            "id": f"i{index}", "title": title, "status": rng.choice(STATUSES),
            "summary": _sentence(rng, words, 20, 50), "tags": rng.sample(["trade", "tariffs", "tech", "farm", "energy"], 2),
            "positions": [{"party": pid, "text": _sentence(rng, words, 10, 25)} for pid, _ in sides],
        })  # fmt: skip
    sources = [
        {"id": f"s{index}", "outlet": rng.choice(OUTLETS), "title": _sentence(rng, words, 5, 12),
         "url": f"https://news.example/{nid}/{index}"}
        for index in range(rng.randint(20, 40))
    ]  # fmt: skip
    start = datetime.date(1995, 1, 1) + datetime.timedelta(days=rng.randrange(30 * 365))
    round_list = []
    for index in range(rounds):
        city, country = rng.choice(CITIES)
        day = start + datetime.timedelta(days=index * rng.randint(20, 60))
        attending = rng.sample([p["id"] for p in people], rng.randint(3, 9))
        quotes = [
            {"speaker": rng.choice(attending), "date": day, "text": _sentence(rng, words, 8, 25), "source": rng.choice(sources)["id"]}
            for _ in range(rng.randint(0, 4))
        ]  # fmt: skip
        round_list.append({
            "id": f"r{index}", "number": index + 1, "start": day, "end": day + datetime.timedelta(days=rng.randint(0, 2)),
            "city": city, "country": country, "venue": f"{rng.choice(['Palace', 'Hall', 'Ministry', 'Tower'])} {rng.randint(1, 99)}",
            "participants": attending, "issues": rng.sample([i["id"] for i in issues], rng.randint(1, 4)),
            "summary": _sentence(rng, words, 40, 90), "outcome": _sentence(rng, words, 15, 40),
            "quotes": quotes, "sources": rng.sample([s["id"] for s in sources], 3),
        })  # fmt: skip
    events = [
        {"id": f"e{index}", "date": start + datetime.timedelta(days=rng.randrange(2000)), "kind": rng.choice(["call", "tariff", "deadline", "statement"]),
         "title": _sentence(rng, words, 4, 9), "summary": _sentence(rng, words, 15, 30)}
        for index in range(rng.randint(5, 12))
    ]  # fmt: skip
    return {
        "schema": 1, "id": nid, "title": f"{sides[0][1]}–{sides[1][1]} talks #{number}",
        "status": rng.choice(["ongoing", "concluded", "suspended"]), "summary": _sentence(rng, words, 30, 60),
        "parties": parties, "participants": people, "issues": issues, "rounds": round_list,
        "events": events, "sources": sources,
    }  # fmt: skip


def generate(count: int = 1000, rounds: int = 20, seed: int = 2025) -> list[Negotiation]:
    """`count` negotiations of `rounds` rounds each, as model objects."""
    rng = random.Random(seed)
    words = _vocabulary()
    return [
        Negotiation.model_validate(negotiation_data(n, rng, words, rounds)) for n in range(count)
    ]


def write(folder: Path, count: int = 1000, rounds: int = 20, seed: int = 2025) -> list[Path]:
    """Write the generated negotiations as record files under `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for negotiation in generate(count, rounds, seed):
        path = folder / f"{negotiation.id}.toml"
        path.write_bytes(serialize(negotiation))
        paths.append(path)
    return paths
