"""Reading numbers typed as text, and writing numbers the Vietnamese way.

Vietnamese writes ``1.234.567,5``: a dot groups thousands, a comma marks decimals. Units type
numbers as text for many reasons (a cell formatted as text, a value pasted from Word, a unit of
measure typed after the figure). Each text is read only when one reading is possible; the caller
turns the returned note into a warning so that no interpretation goes unseen.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from consolidate.text import clean_text

_THOUSANDS_DOTS = re.compile(r"\d{1,3}(?:\.\d{3})+", re.ASCII)
_THOUSANDS_COMMAS = re.compile(r"\d{1,3}(?:,\d{3})+", re.ASCII)
_THOUSANDS_SPACES = re.compile(r"\d{1,3}(?: \d{3})+", re.ASCII)
_PLAIN = re.compile(r"\d+", re.ASCII)
_SHAPE = re.compile(r"^(?P<sign>[+-]?)\s*(?P<number>\d[\d., ]*?)\s*(?P<percent>%?)\s*(?P<rest>[^\d%]*)$", re.ASCII)
_SWAP = str.maketrans(",.", ".,")
MAX_DIGITS = 18  # beyond this no report figure is plausible, and floats lose digits
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)


class NumberTextError(ValueError):
    """The text cannot be read as one number; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class NumberReading:
    """A number read from text, with the interpretation that was needed to read it."""

    value: int | float
    note: str
    percent_sign: bool = False


def parse_number_text(text: str) -> NumberReading:
    """Read a number typed as text, following Vietnamese convention first.

    Args:
        text: The cell's text.

    Returns:
        The value and a Vietnamese note describing how it was read.

    Raises:
        NumberTextError: when the text holds no number, several numbers, or a number that can
            be read in more than one way.
    """
    raw = clean_text(text).replace("\u2212", "-").replace("\n", " ")
    if not raw:
        raise NumberTextError("ô đang trống")
    match = _SHAPE.match(raw)
    if match is None:
        if not any(ch.isdigit() for ch in raw):
            raise NumberTextError(f"«{raw}» không phải là số")
        raise NumberTextError(f"«{raw}» có chữ hoặc ký hiệu lẫn trong số, không đọc được một số duy nhất")
    rest = match["rest"].strip()
    if rest and not _LETTERS.search(rest):
        raise NumberTextError(f"«{raw}» có ký hiệu lạ sau số")
    if sum(ch in "0123456789" for ch in match["number"]) > MAX_DIGITS:
        raise NumberTextError(f"«{raw[:40]}…» có quá nhiều chữ số, không phải một số liệu hợp lý")
    value, how = _read_digits(match["number"].strip(), raw)
    if match["sign"] == "-":
        value = -value
    notes = [how] if how else []
    if rest:
        notes.append(f"đã bỏ phần chữ «{rest}» sau số")
    return NumberReading(value=value, note="; ".join(notes), percent_sign=bool(match["percent"]))


def _read_digits(number: str, raw: str) -> tuple[int | float, str]:
    """Read the digits and separators of one number; return the value and how it was read."""
    if _PLAIN.fullmatch(number):
        return int(number), ""
    if _THOUSANDS_SPACES.fullmatch(number):
        return int(number.replace(" ", "")), "dấu cách được hiểu là dấu phân cách hàng nghìn"
    if " " in number:
        raise NumberTextError(f"«{raw}» có dấu cách lẫn trong số")
    has_dot, has_comma = "." in number, "," in number
    if has_dot and has_comma:
        head, _, tail = number.rpartition(",")
        if _THOUSANDS_DOTS.fullmatch(head) and _PLAIN.fullmatch(tail):
            return float(
                head.replace(".", "") + "." + tail
            ), "theo quy ước Việt Nam: dấu chấm ngăn hàng nghìn, dấu phẩy thập phân"
        head, _, tail = number.rpartition(".")
        if _THOUSANDS_COMMAS.fullmatch(head) and _PLAIN.fullmatch(tail):
            return float(
                head.replace(",", "") + "." + tail
            ), "theo kiểu tiếng Anh: dấu phẩy ngăn hàng nghìn, dấu chấm thập phân"
        raise NumberTextError(f"«{raw}» dùng dấu chấm và dấu phẩy lẫn lộn, không rõ đâu là phần thập phân")
    if has_dot:
        if _THOUSANDS_DOTS.fullmatch(number):
            return int(number.replace(".", "")), "theo quy ước Việt Nam, dấu chấm ngăn hàng nghìn"
        head, _, tail = number.partition(".")
        if _PLAIN.fullmatch(head) and _PLAIN.fullmatch(tail):
            return float(number), "dấu chấm được hiểu là dấu thập phân (kiểu tiếng Anh)"
        raise NumberTextError(f"«{raw}» có nhiều dấu chấm không theo nhóm ba chữ số")
    head, _, tail = number.partition(",")
    if _PLAIN.fullmatch(head) and _PLAIN.fullmatch(tail):
        return float(head + "." + tail), "theo quy ước Việt Nam, dấu phẩy là dấu thập phân"
    if _THOUSANDS_COMMAS.fullmatch(number):
        return int(number.replace(",", "")), "dấu phẩy được hiểu là dấu ngăn hàng nghìn (kiểu tiếng Anh)"
    raise NumberTextError(f"«{raw}» có nhiều dấu phẩy không theo nhóm ba chữ số")


def format_number(value: int | float, decimals: int | None = None) -> str:
    """Write a number the Vietnamese way: ``1.234.567,5``.

    Args:
        value: The number.
        decimals: Fixed number of decimals; by default integers get none and other numbers
            up to two, without trailing zeros.
    """
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int) and decimals in (None, 0):
        return _swap(f"{value:,}")
    if decimals is None:
        if float(value).is_integer():
            return _swap(f"{int(value):,}")
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    if text.lstrip("-").replace(",", "").replace(".", "").strip("0") == "":
        text = text.lstrip("-")  # no "-0" for a value that rounds to zero
    return _swap(text)


def _swap(text: str) -> str:
    """English grouping to Vietnamese: ``1,234.5`` → ``1.234,5``."""
    return text.translate(_SWAP)


def round_half_up(value: int | float, decimals: int) -> int | float:
    """Round as Excel and officials do (46,25 → 46,3), not to even as Python's ``round`` does."""
    if isinstance(value, int):
        return value
    exact = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return float(exact)


_MONEY_SCALES = {"đồng": 1, "nghìn đồng": 10**3, "triệu đồng": 10**6, "tỷ đồng": 10**9}


def spoken_amount(value: int | float, unit: str) -> str:
    """An amount of money as officials write it in a sentence: ``khoảng 834,5 tỷ đồng``.

    Amounts of a billion đồng or more are said in tỷ with one decimal (millions in triệu), prefixed
    with «khoảng» when rounding changed them; other amounts and units are written exactly.
    """
    scale = _MONEY_SCALES.get(" ".join(unit.casefold().split()))
    if scale is None:
        return f"{format_number(value)} {unit}".strip()
    dong = value * scale
    for size, name in ((10**9, "tỷ đồng"), (10**6, "triệu đồng")):
        if abs(dong) >= size and size > scale:
            shown = round_half_up(dong / size, 1)
            about = "khoảng " if not math.isclose(shown * size, dong, abs_tol=0.5) else ""
            return f"{about}{format_number(shown)} {name}"
    return f"{format_number(value)} {unit}"


def count_text(count: int) -> str:
    """A count written into a document's sentence: below ten with a leading zero («01 đơn vị», «05 đơn vị»),
    as Vietnamese administrative documents write it; larger counts grouped («1.234»). Not for indicators'
    figures, which are written as they are."""
    return f"{count:02d}" if 0 < count < 10 else format_number(count)
