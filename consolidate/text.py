"""Text normalisation shared by every stage."""

from __future__ import annotations

import re
import unicodedata

_INVISIBLE_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"  # zero-width characters and the soft hyphen
_OTHER_SPACES = "\t\u00a0\u2007\u202f"  # read as a plain space
_INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")  # a regex: str.translate is slow on long text
_SPACES = re.compile(f"[ {_OTHER_SPACES}]+")
_LINE_BREAKS = re.compile(r"\s*(?:\r\n|\r|\n)\s*")
# Characters clean_text always changes: invisible ones, spaces other than " ", carriage returns.
_ODD = re.compile(f"[{_INVISIBLE_CHARS}{_OTHER_SPACES}\r]")


def nfc(value: str) -> str:
    """Return the text in Unicode NFC."""
    return unicodedata.normalize("NFC", value)


def clean_text(value: str) -> str:
    """NFC, invisible characters removed, runs of spaces collapsed, lines trimmed.

    Line breaks between paragraphs are kept (one per paragraph, blank lines dropped).
    """
    if _is_clean(value):
        return value  # most text is: long paragraphs are worth not rebuilding
    text = _INVISIBLE.sub("", nfc(value))
    lines = [_SPACES.sub(" ", line).strip() for line in _LINE_BREAKS.split(text)]
    return "\n".join(line for line in lines if line)


def _is_clean(value: str) -> bool:
    """Whether clean_text would give ``value`` back unchanged (checked with C-speed string methods)."""
    if "  " in value or _ODD.search(value) or not unicodedata.is_normalized("NFC", value):
        return False
    return all(line and line == line.strip() for line in value.split("\n"))


def fold(value: str) -> str:
    """A comparison key: NFC, case-folded, single spaces."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", nfc(value))).strip().casefold()


def strip_diacritics(value: str) -> str:
    """Vietnamese without its diacritics, «đ» read as «d»: «Đơn vị» → «Don vi» (marks dropped after decomposing)."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def roman(number: int) -> str:
    """Roman numerals for section and group numbering (1 → I, 4 → IV)."""
    out = ""
    for value, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while number >= value:
            out, number = out + letters, number - value
    return out


def lower_first(text: str) -> str:
    """The text with its first letter in lower case, to continue a sentence."""
    return text[:1].lower() + text[1:]
