"""Vietnamese typed in legacy 8-bit encodings (TCVN3/ABC and VNI): detection and conversion to Unicode.

Older offices type with 8-bit fonts (`.VnTime`, `VNI-Times`). Excel keeps the bytes and shows each one as its
cp1252 character, so "Báo cáo" arrives as "B¸o c¸o" (TCVN3) or "Baùo caùo" (VNI). Convert before any clean-up:
`text.clean_text` drops U+00AD, which is the TCVN3 byte for "ư".

Detection is deliberately conservative: a text is converted only when several words carry byte patterns that real
Unicode Vietnamese (NFC or NFD) and ordinary Latin-1 words never produce, and those words decode to well-formed
Vietnamese syllables.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

TCVN3 = "tcvn3"
VNI = "vni"

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_TONES = frozenset((_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT))

# TCVN 5712:1993 VN3 ("ABC"), byte -> letter. Capitals with tones have no code of their own: the capital fonts
# (.VnTimeH, .VnArialH ...) draw the lowercase bytes as capitals.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}  # fmt: skip

# VNI for Windows: a base vowel is followed by one mark byte; capital letters take the capital mark bytes.
_VNI_TONE_MARKS: dict[int, str] = {
    0xF9: _ACUTE, 0xF8: _GRAVE, 0xFB: _HOOK, 0xF5: _TILDE, 0xEF: _DOT,  # ù ø û õ ï
    0xD9: _ACUTE, 0xD8: _GRAVE, 0xDB: _HOOK, 0xD5: _TILDE, 0xCF: _DOT,  # Ù Ø Û Õ Ï
}  # fmt: skip
_VNI_CIRCUMFLEX_MARKS: dict[int, str] = {  # on a, e, o
    0xE2: "", 0xE1: _ACUTE, 0xE0: _GRAVE, 0xE5: _HOOK, 0xE3: _TILDE, 0xE4: _DOT,  # â á à å ã ä
    0xC2: "", 0xC1: _ACUTE, 0xC0: _GRAVE, 0xC5: _HOOK, 0xC3: _TILDE, 0xC4: _DOT,  # Â Á À Å Ã Ä
}  # fmt: skip
_VNI_BREVE_MARKS: dict[int, str] = {  # on a
    0xEA: "", 0xE9: _ACUTE, 0xE8: _GRAVE, 0xFA: _HOOK, 0xFC: _TILDE, 0xEB: _DOT,  # ê é è ú ü ë
    0xCA: "", 0xC9: _ACUTE, 0xC8: _GRAVE, 0xDA: _HOOK, 0xDC: _TILDE, 0xCB: _DOT,  # Ê É È Ú Ü Ë
}  # fmt: skip
# Letters with a byte of their own; ơ and ư also take tone marks.
_VNI_LETTERS: dict[int, str] = {
    0xF4: "ơ", 0xF6: "ư", 0xF1: "đ", 0xED: "í", 0xEC: "ì", 0xE6: "ỉ", 0xF3: "ĩ", 0xF2: "ị",
    0xD4: "Ơ", 0xD6: "Ư", 0xD1: "Đ", 0xCD: "Í", 0xCC: "Ì", 0xC6: "Ỉ", 0xD3: "Ĩ", 0xD2: "Ị",
}  # fmt: skip

# cp1252 characters for bytes 0x80-0x9F; legacy text read through cp1252 may contain them (as punctuation).
_CP1252_EXTRA = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _vni_codes() -> dict[str, str]:
    codes = {chr(byte): letter for byte, letter in _VNI_LETTERS.items()}
    bases = [(base, base) for base in "aeouyAEOUY"] + [(chr(b), _VNI_LETTERS[b]) for b in (0xF4, 0xF6, 0xD4, 0xD6)]
    for code, letter in bases:
        for byte, tone in _VNI_TONE_MARKS.items():
            codes[code + chr(byte)] = _nfc(letter + tone)
    for base in "aeoAEO":
        for byte, tone in _VNI_CIRCUMFLEX_MARKS.items():
            codes[base + chr(byte)] = _nfc(base + _CIRCUMFLEX + tone)
    for base in "aA":
        for byte, tone in _VNI_BREVE_MARKS.items():
            codes[base + chr(byte)] = _nfc(base + _BREVE + tone)
    return codes


_TCVN3_DECODE = {chr(byte): letter for byte, letter in _TCVN3_BYTES.items()}
_TCVN3_TABLE = str.maketrans(_TCVN3_DECODE)
_VNI_DECODE = _vni_codes()
_VNI_CODE = re.compile("|".join(map(re.escape, sorted(_VNI_DECODE, key=len, reverse=True))))

# Evidence. TCVN3 bytes that look like symbols (¸ µ « ® ...) or capitals (Õ Ë Þ ...) inside a lowercase word never
# occur in Unicode Vietnamese; VNI mark bytes after a vowel ("aù", "eá", "oä") never occur either, except "oà",
# "oá", "oã", which are also Unicode spellings ("hoàn", "hoá", "hoãn").
_TCVN3_SYMBOLS = frozenset(chr(b) for b in (*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF), 0xF7))
_TCVN3_D = frozenset("\xa7\xae")  # § ® = Đ đ, only ever at the start of a word
_TCVN3_CAPITALS = frozenset(chr(b) for b in _TCVN3_BYTES if 0xC6 <= b <= 0xDE)
_UNICODE_VIETNAMESE_LATIN1 = frozenset("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_OTHERS = frozenset(chr(b) for b in _TCVN3_BYTES if b >= 0xDF) - _UNICODE_VIETNAMESE_LATIN1 - _TCVN3_SYMBOLS
_VNI_ONLY = frozenset("øûïåäüëöñæØÛÏÅÄÜËÖÑÆ")  # VNI bytes that are not Unicode Vietnamese letters
_VNI_HOA = frozenset("áàãÁÀÃ")

_LATIN1_LETTERS = "".join(chr(c) for c in range(0xC0, 0x100) if chr(c).isalpha())
_TCVN3_WORD = re.compile("[A-Za-z" + re.escape(_LATIN1_LETTERS + "".join(_TCVN3_DECODE)) + "]+")
_VNI_WORD = re.compile("[A-Za-z" + re.escape(_LATIN1_LETTERS) + "]+")

# A Vietnamese syllable without its tone: onset, vowel nucleus (with glides), final consonant.
_NUCLEI = (
    "iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu "
    "ai ao au ay âu ây eo êu ia iê iu oa oă oe oi oo ôi ơi ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê "
    "a ă â e ê i o ô ơ u ư y"
).split()
_SYLLABLE = re.compile(
    rf"(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnprstvx])?(?:{'|'.join(_NUCLEI)})(ch|ng|nh|[cmnptk])?"
)


@dataclass
class _Evidence:
    strong: int = 0  # valid words with a pattern Unicode Vietnamese never has
    weak: int = 0  # valid words with a pattern that foreign Latin-1 words might have
    valid: int = 0  # non-ASCII words that decode to a Vietnamese syllable
    invalid: int = 0  # non-ASCII words that do not


def legacy_fonts(font_names: Iterable[str]) -> frozenset[str]:
    """The subset of font names that mark a legacy encoding (.Vn* → TCVN3, VNI-* → VNI), case-insensitive."""
    return _legacy_of(frozenset(font_names))


@functools.lru_cache(maxsize=256)
def _legacy_of(font_names: frozenset[str]) -> frozenset[str]:
    # Remembered: every text cell of every file asks about the same few sets of fonts.
    return frozenset(name for name in font_names if name and _font_encoding(name))


def detect(text: str, fonts: frozenset[str] = frozenset()) -> str | None:
    """'tcvn3', 'vni' or None. `fonts` are font names used in the workbook (from styles), a strong hint.

    Args:
        text: A cell value as read from the workbook.
        fonts: Font names used in the workbook; a legacy font lowers the evidence needed from one word pair to one.

    Returns:
        The encoding, or None for ASCII, Unicode Vietnamese, ordinary Latin-1 text and whenever in doubt.
    """
    if not text or text.isascii() or any(ord(c) > 0xFF and c not in _CP1252_EXTRA for c in text):
        return None  # ASCII reads the same in every encoding; anything beyond cp1252 is already Unicode
    hints = {_font_encoding(name) for name in legacy_fonts(fonts)}
    scores = {}
    for encoding in (TCVN3, VNI):
        evidence = _evidence(text, encoding)
        if evidence.strong and evidence.invalid * 2 <= evidence.valid:
            if encoding in hints or evidence.strong + evidence.weak >= 2:
                scores[encoding] = (evidence.strong - evidence.invalid, evidence.weak, encoding in hints)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None
    return ranked[0][0]


def to_unicode(text: str, encoding: str, *, capitals: bool = False) -> str:
    """Convert legacy-encoded text to Unicode NFC.

    The text is as read: each legacy byte appears as the Latin-1/cp1252 character of that byte.

    Args:
        text: The text as read.
        encoding: 'tcvn3' or 'vni'.
        capitals: TCVN3 only: the text is in a capital font (.VnTimeH), which draws every letter as a capital.

    Returns:
        The Unicode text; pure ASCII comes back unchanged.

    Raises:
        ValueError: For an unknown encoding.
    """
    encoding = encoding.lower()
    if encoding not in (TCVN3, VNI):
        raise ValueError(f"unknown legacy encoding {encoding!r}: expected {TCVN3!r} or {VNI!r}")
    if text.isascii():
        return text
    if encoding == TCVN3:
        converted = text.translate(_TCVN3_TABLE)
        return _nfc(converted.upper() if capitals else converted)
    return _nfc(_VNI_CODE.sub(lambda match: _VNI_DECODE[match.group()], text))


def convert_if_legacy(text: str, fonts: frozenset[str] = frozenset()) -> tuple[str, str | None]:
    """(converted_text, encoding) when the text is legacy-encoded, else (text, None).

    TCVN3 text is upper-cased when the workbook's only legacy fonts are capital fonts (.VnTimeH ...).
    """
    encoding = detect(text, fonts)
    if encoding is None:
        return text, None
    legacy = legacy_fonts(fonts)
    capitals = encoding == TCVN3 and bool(legacy) and all(_is_capital_font(name) for name in legacy)
    return to_unicode(text, encoding, capitals=capitals), encoding


def _font_encoding(name: str) -> str | None:
    folded = name.strip().lower()
    if folded.startswith(".vn"):
        return TCVN3
    if folded.startswith(("vni-", "vni ")):
        return VNI
    return None


def _is_capital_font(name: str) -> bool:
    folded = name.strip().lower()
    return folded.startswith(".vn") and folded.endswith("h")


def _evidence(text: str, encoding: str) -> _Evidence:
    evidence = _Evidence()
    words = _TCVN3_WORD if encoding == TCVN3 else _VNI_WORD
    scan = _scan_tcvn3 if encoding == TCVN3 else _scan_vni
    for match in words.finditer(text):
        word = match.group()
        if word.isascii():
            continue
        converted, unknown, strong, weak = scan(word)
        if unknown or not _is_syllable(converted):
            evidence.invalid += 1
            continue
        evidence.valid += 1
        evidence.strong += strong > 0
        evidence.weak += weak > 0 and not strong
    return evidence


def _scan_tcvn3(word: str) -> tuple[str, int, int, int]:
    """(converted, unknown characters, strong signs, weak signs) for one word."""
    strong = weak = unknown = 0
    for i, char in enumerate(word):
        if char.isascii():
            continue
        if char not in _TCVN3_DECODE:
            unknown += 1
        elif char in _TCVN3_D:
            strong += i == 0 and len(word) > 1
        elif char in _TCVN3_SYMBOLS:
            strong += i > 0
        elif char in _TCVN3_CAPITALS:  # a capital inside a lowercase word: "kÕt", "CÊp"
            strong += i > 0 and any(c.isascii() and c.islower() for c in word[i - 1 : i + 2 : 2])
        elif char in _TCVN3_OTHERS:
            weak += i > 0
    return word.translate(_TCVN3_TABLE), unknown, strong, weak


def _scan_vni(word: str) -> tuple[str, int, int, int]:
    """(converted, unknown characters, strong signs, weak signs) for one word."""
    strong = weak = unknown = 0
    parts = []
    end = 0
    for match in _VNI_CODE.finditer(word):
        gap = word[end : match.start()]
        unknown += sum(not c.isascii() for c in gap)
        code = match.group()
        parts += [gap, _VNI_DECODE[code]]
        end = match.end()
        if len(code) == 1:
            strong += code in _VNI_ONLY and len(word) > 1
        elif code[1] in _VNI_ONLY:
            strong += 1
        elif (code[0] in "oO" and code[1] in _VNI_HOA) or len(word) < 3:
            weak += 1  # "hoàn" is Unicode too; "où" is French
        else:
            strong += 1
    unknown += sum(not c.isascii() for c in word[end:])
    parts.append(word[end:])
    return _nfc("".join(parts)), unknown, strong, weak


def _is_syllable(word: str) -> bool:
    decomposed = unicodedata.normalize("NFD", word.lower())
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) > 1:
        return False
    match = _SYLLABLE.fullmatch(_nfc("".join(c for c in decomposed if c not in _TONES)))
    if match is None:
        return False
    # A syllable closed by a stop (c, ch, p, t) carries the acute or the dot-below tone.
    return match.group(1) not in ("c", "ch", "p", "t", "k") or tones in ([_ACUTE], [_DOT])
