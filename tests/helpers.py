"""Sample records and helpers shared by the tests."""

from __future__ import annotations

import os
from pathlib import Path

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
