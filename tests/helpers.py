"""Sample records and helpers shared by the tests."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from tui.core.collection import load_path
from tui.core.loading import RecordFile
from tui.core.model import Negotiation

MINIMAL = """\
schema = 1
id = "talks"
title = "Test talks"

[[parties]]
id = "us"
name = "United States"

[[parties]]
id = "cn"
name = "China"

[[participants]]
id = "bessent"
name = "Scott Bessent"
party = "us"
role = "Treasury Secretary"

[[participants]]
id = "he-lifeng"
name = "He Lifeng"
name_original = "何立峰"
party = "cn"
role = "Vice Premier"

[[issues]]
id = "rare-earths"
title = "Rare earths"
status = "open"
deadline = 2025-11-10

[[rounds]]
id = "geneva"
number = 1
start = 2025-05-10
end = 2025-05-11
city = "Geneva"
participants = ["bessent", "he-lifeng"]
issues = ["rare-earths"]
summary = \"\"\"
First line.
Second line.\"\"\"

[[rounds.quotes]]
speaker = "bessent"
date = 2025-05-11
text = "We made substantial progress"
source = "s01"

[[rounds]]
id = "london"
number = 2
start = 2025-06-09
city = "London"
participants = ["bessent"]

[[sources]]
id = "s01"
outlet = "Example News"
url = "https://example.com/a"
"""


def snapshot_tree(folder: Path) -> dict[str, tuple[bytes, int, int]]:
    """Bytes, mode and inode of every file under `folder`, to prove nothing changed."""
    result = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            info = os.stat(path)
            result[str(path.relative_to(folder))] = (path.read_bytes(), info.st_mode, info.st_ino)
    return result


BUNDLED = Path(__file__).resolve().parent.parent / "data" / "us-china-2025.toml"


def bundled_negotiation() -> Negotiation:
    """The bundled US–China record, read straight from the repository's data folder."""
    return Negotiation.model_validate(tomllib.loads(BUNDLED.read_text(encoding="utf-8")))


def load_one(folder: Path) -> RecordFile:
    """The only record file of a folder that loads without errors."""
    dataset = load_path(folder)
    assert dataset.errors == []
    return dataset.files[0]


def edited(record: RecordFile, title: str = "Edited title") -> Negotiation:
    """The record's negotiation with another title: the smallest real edit."""
    return record.negotiation.model_copy(update={"title": title})
