"""Reading numbers typed as text and writing numbers the Vietnamese way (consolidate.numbers)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from consolidate.numbers import NumberTextError, format_number, parse_number_text
from consolidate.text import clean_text

# Text that needs no interpretation: ASCII digits, an optional sign and an optional percent sign
# (the sign is the value's own, the percent sign is reported through ``percent_sign``).
_NO_INTERPRETATION = re.compile(r"[+-]?\s*[0-9]+\s*%?")

numberish = st.text(alphabet=st.sampled_from(list("0123456789.,% -+\u2212\u00a0đoàn\n")), max_size=16)
any_text = st.one_of(st.text(), numberish)


# --- properties ------------------------------------------------------------------------------


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_integer_round_trips_through_vietnamese_format(value: int) -> None:
    reading = parse_number_text(format_number(value))
    assert reading.value == value
    assert isinstance(reading.value, int)


@given(st.integers(min_value=-(10**9), max_value=10**9), st.sampled_from([1, 2]))
def test_decimal_round_trips_through_vietnamese_format(units: int, places: int) -> None:
    value = units / 10**places
    text = format_number(value, 2)
    assert abs(parse_number_text(text).value - round(value, 2)) <= 1e-9


@given(st.from_regex(r"[0-9]{1,18}", fullmatch=True))
def test_plain_digits_parse_to_int_without_note(text: str) -> None:
    reading = parse_number_text(text)
    assert reading == parse_number_text(text)
    assert reading.value == int(text)
    assert isinstance(reading.value, int)
    assert reading.note == ""
    assert reading.percent_sign is False


@given(any_text)
def test_parsing_raises_only_number_text_error(text: str) -> None:
    try:
        parse_number_text(text)
    except NumberTextError as exc:
        assert str(exc)


@given(any_text)
def test_every_interpretation_comes_with_a_note(text: str) -> None:
    try:
        reading = parse_number_text(text)
    except NumberTextError:
        return
    if not _NO_INTERPRETATION.fullmatch(clean_text(text).replace("\u2212", "-").replace("\n", " ")):
        assert reading.note, f"{text!r} was read as {reading.value} without a note"


# --- examples from the spec ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234", 1234),
        ("1.234.567", 1234567),
        ("12,5", 12.5),
        ("1.234,5", 1234.5),
        ("1 234", 1234),
        ("1,234,567", 1234567),
        ("1,234.5", 1234.5),
    ],
)
def test_separators_are_read_and_noted(text: str, value: float) -> None:
    reading = parse_number_text(text)
    assert reading.value == value
    assert type(reading.value) is type(value)
    assert reading.note
    assert reading.percent_sign is False


def test_english_thousands_grouping_is_noted_as_english() -> None:
    assert "tiếng Anh" in parse_number_text("1,234,567").note
    assert "tiếng Anh" in parse_number_text("1,234.5").note
    assert "Việt Nam" in parse_number_text("1.234,5").note


def test_unit_of_measure_after_the_number_is_dropped_with_a_note() -> None:
    reading = parse_number_text("15 đoàn")
    assert reading.value == 15
    assert "đoàn" in reading.note
    assert "bỏ" in reading.note


def test_percent_sign_is_reported() -> None:
    reading = parse_number_text("12,5%")
    assert reading.value == 12.5
    assert reading.percent_sign is True


def test_negative_number() -> None:
    reading = parse_number_text("-5")
    assert reading.value == -5
    assert reading.note == ""


def test_typographic_minus_and_surrounding_spaces() -> None:
    assert parse_number_text(" \u22121.234 ").value == -1234


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "trống"),
        ("abc", "không phải là số"),
        ("khoảng 15", "không đọc được một số duy nhất"),
        ("15-20", "không đọc được một số duy nhất"),
        ("1.2.3", "dấu chấm"),
        ("1.234,5.6", "lẫn lộn"),
        ("12 ,5 ,6", "dấu cách"),
    ],
)
def test_unreadable_text_raises_in_vietnamese(text: str, words: str) -> None:
    with pytest.raises(NumberTextError) as info:
        parse_number_text(text)
    assert words in str(info.value)
    if text:
        assert f"«{text}»" in str(info.value)


@pytest.mark.parametrize(
    ("value", "decimals", "text"),
    [
        (1234567.5, None, "1.234.567,5"),
        (1234, None, "1.234"),
        (0.5, None, "0,5"),
        (12.3456, 1, "12,3"),
        (-1234567, None, "-1.234.567"),
        (1234.0, None, "1.234"),
        (12.5, 2, "12,50"),
        (999, None, "999"),
    ],
)
def test_format_number(value: float, decimals: int | None, text: str) -> None:
    assert format_number(value, decimals) == text


# --- found by review ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["١٢٣", "１２"])
def test_non_ascii_digits_are_not_read_silently(text: str) -> None:
    try:
        reading = parse_number_text(text)
    except NumberTextError:
        return
    assert reading.note


def test_very_long_digit_string_raises_number_text_error() -> None:
    with pytest.raises(NumberTextError, match="quá nhiều chữ số"):
        parse_number_text("1" * 5000)
    with pytest.raises(NumberTextError, match="quá nhiều chữ số"):
        parse_number_text("1" * 400 + ",5")
    assert format_number(-0.001) == "0"


def test_format_number_keeps_large_integers_exact() -> None:
    assert format_number(2**53 + 1) == "9.007.199.254.740.993"


def test_counts_in_sentences_take_a_leading_zero_below_ten() -> None:
    from consolidate.numbers import count_text

    assert [count_text(n) for n in (1, 5, 9, 10, 32, 1234)] == ["01", "05", "09", "10", "32", "1.234"]
    assert count_text(0) == "0"
