"""Text normalisation: the quick path for text that is already clean changes nothing it should not."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from consolidate import text
from consolidate.text import clean_text

_ALPHABET = "aăâ ê\u0301\u0300\n\r\t\u00a0\u2007\u202f\u200b\u00ad\ufeff\u3000\u2028\v xyzĐđ"


def _slow(value: str) -> str:
    """clean_text without its quick path."""
    stripped = text._INVISIBLE.sub("", unicodedata.normalize("NFC", value))
    lines = [text._SPACES.sub(" ", line).strip() for line in text._LINE_BREAKS.split(stripped)]
    return "\n".join(line for line in lines if line)


@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_clean_text_equals_the_full_normalisation(value: str) -> None:
    assert clean_text(value) == _slow(value)


def test_clean_text_examples() -> None:
    assert clean_text("  Hội  nhập\u00a0quốc tế \r\n\n Dòng hai\u200b ") == "Hội nhập quốc tế\nDòng hai"
    assert clean_text("Ho\u0300a Bi\u0300nh") == "Hòa Bình"
    clean = "Đã sạch.\nDòng thứ hai."
    assert clean_text(clean) is clean


def test_strip_diacritics_reads_d_bar_as_d_and_drops_the_marks() -> None:
    from consolidate.text import strip_diacritics

    assert strip_diacritics("Đơn vị Sở Nội vụ, đường") == "Don vi So Noi vu, duong"
