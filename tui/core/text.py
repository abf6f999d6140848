"""Make record text safe to show: control characters become visible stand-ins.

TOML strings may legally hold ESC, C1 controls, NUL, DEL and bidi overrides. Sent to a
terminal they act (an OSC 52 sequence writes the clipboard, a bidi override reorders what the
reader sees), so everything shown on screen or printed by the command line passes through
`visible` first. The stored value is never changed; only what is displayed.
"""

from __future__ import annotations

import re

# Bidirectional formatting characters: they reorder text without being seen.
_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Other invisible characters that change layout or hide text.
_INVISIBLE = "\u2028\u2029\ufeff\u200b\u200c\u200d\u2060\u00ad"
# The rest of Unicode's format characters (category Cf): invisible, and drawn with different
# widths by different terminals, which breaks borders. Tag characters (U+E0020-E007F) can
# also carry hidden text.
_FORMAT = (
    "\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u180e\u2061-\u2064\u206a-\u206f"
    "\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)

# Lone surrogates stand for bytes of a file name that is not UTF-8 (Python's surrogateescape).
_SURROGATES = "\ud800-\udfff"

_HIDDEN = _BIDI + _INVISIBLE + _FORMAT + _SURROGATES
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f" + _HIDDEN + "]")
_CONTROL_ONE_LINE_RE = re.compile("[\x00-\x1f\x7f-\x9f" + _HIDDEN + "]")


def _stand_in(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, the Unicode control pictures
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xDC80 <= code <= 0xDCFF:
        return f"<0x{code - 0xDC00:02X}>"  # a byte of a name that is not UTF-8
    return f"<U+{code:04X}>"


def visible(text: str, *, one_line: bool = False) -> str:
    """Return `text` with every control or invisible formatting character shown as a stand-in.

    Newlines and tabs are kept unless `one_line` is set, in which case they become stand-ins
    too (for table cells, titles and command-line messages).
    """
    pattern = _CONTROL_ONE_LINE_RE if one_line else _CONTROL_RE
    return pattern.sub(_stand_in, text)


def without_controls(text: str) -> str:
    """Typed or pasted text with control and invisible formatting characters removed."""
    return _CONTROL_ONE_LINE_RE.sub("", text)


def has_hidden_characters(text: str) -> bool:
    """True when `text` holds characters that `visible` would replace (tabs and newlines aside)."""
    return _CONTROL_RE.search(text) is not None


def shorten(text: str, limit: int = 60) -> str:
    """One visible line of at most `limit` characters, with an ellipsis when cut."""
    line = visible(text, one_line=True)
    return line if len(line) <= limit else line[: limit - 1] + "…"
