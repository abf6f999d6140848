"""What `visible` replaces: every character a terminal would act on or draw invisibly."""

from __future__ import annotations

import sys
import unicodedata

from tui.core.text import has_hidden_characters, visible, without_controls


def test_every_control_and_format_character_gets_a_stand_in() -> None:
    """All of Unicode's Cc and Cf characters, checked against this Python's Unicode tables."""
    missed = [
        f"U+{code:04X}"
        for code in range(sys.maxunicode + 1)
        if unicodedata.category(chr(code)) in ("Cc", "Cf")
        and chr(code) not in "\t\n"
        and visible(chr(code)) == chr(code)
    ]
    assert missed == []


def test_tag_characters_cannot_hide_text() -> None:
    hidden = "ok" + "".join(chr(0xE0000 + ord(c)) for c in "run rm")
    assert visible(hidden) == "ok<U+E0072><U+E0075><U+E006E><U+E0020><U+E0072><U+E006D>"
    assert has_hidden_characters(hidden)
    assert without_controls(hidden) == "ok"


def test_ordinary_text_is_untouched() -> None:
    text = "He Lifeng 何立峰 — café, naïve, 👍🏽, ❤️, عربي, עברית\tend\n"
    assert visible(text) == text
    assert not has_hidden_characters(text)
