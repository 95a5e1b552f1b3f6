"""One statement, many units: the units' texts merged the way a consolidated report speaks.

Each unit's text is cut into sentences. A sentence that several units wrote (once each unit's own name,
and the short way it names itself, «Sở», «UBND huyện», are set aside) becomes one statement followed
by the units it comes from. Sentences that differ in one detail only — a date, a figure, a border
gate — merge too, and keep every unit's detail next to its name: nothing a unit wrote is lost.
Proposals are grouped by whom they address («Đề nghị UBND tỉnh: …»).

Pure functions on strings: the report writer places what they return.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from consolidate.text import nfc

SELF = "\x00self"  # the comparison token for a unit naming itself
MAX_DETAIL = 12  # tokens: longer differences are not "a detail", the sentences stay apart
MIN_SHARED = 6  # tokens two sentences must share (prefix + suffix) to merge
SHARED_SHARE = 0.6  # and the share of each sentence's tokens they must share
# Words that alone stand for the unit that writes them («Sở đã phối hợp…» in a department's text).
SELF_HEADS = ("sở", "ban")
NOT_SELF_AFTER = ("hành",)  # «Ban hành …» is a verb, not the Ban
# Words that continue a name in lower case: «UBND tỉnh», «Sở Tư pháp tỉnh …».
PLACE_WORDS = ("tỉnh", "huyện", "thành", "thị", "xã", "phường", "quận")
# Full stops that do not end a sentence.
ABBREVIATIONS = frozenset({"tp", "tx", "tt", "ths", "ts", "pgs", "gs", "v.v", "nxb", "ubnd"})
# Name heads whose units are listed together: «UBND các huyện: Văn Quan, Bình Gia và Chi Lăng».
KIND_HEADS = (
    "UBND thành phố",
    "UBND thị xã",
    "UBND huyện",
    "UBND quận",
    "UBND thị trấn",
    "UBND phường",
    "UBND xã",
    "Ủy ban nhân dân thành phố",
    "Ủy ban nhân dân thị xã",
    "Ủy ban nhân dân huyện",
    "Ủy ban nhân dân quận",
    "Ủy ban nhân dân xã",
    "Sở",
)
# Departments are listed together from three («các Sở: Nội vụ, Tư pháp, Y tế»); two read better in full.
GROUP_FROM = {"Sở": 3}
COLLECTIVE = "các cơ quan, đơn vị"
IN_PLACE_LIMIT = 3  # listed where the unit named itself up to this many names; more go in brackets
# How a proposal opens and the words an addressee's name may hold in lower case.
_TOKEN = re.compile(r"\w+(?:[./,-]\w+)*|[^\w\s]")


@dataclass(frozen=True)
class Sentence:
    """One sentence of one unit's text, with what it is compared by."""

    unit: str  # the unit's code
    name: str  # the unit's name
    text: str  # as the unit wrote it
    order: float  # where it stands in the unit's text, 0 (first) to 1 (last)
    keys: tuple[str, ...]  # comparison tokens: case-folded, the unit's own name as SELF
    spans: tuple[tuple[int, int], ...]  # each token's place in ``text``


@dataclass
class Statement:
    """Sentences of several units said once; a single unit's sentence is a statement of one."""

    members: list[Sentence]
    prefix: int  # tokens every member shares at the start
    suffix: int  # … and at the end
    identical: bool = True

    @property
    def merged(self) -> bool:
        return len(self.members) > 1

    @property
    def order(self) -> float:
        return sum(m.order for m in self.members) / len(self.members)

    def text(self) -> str:
        """The statement as the report prints it, every unit named."""
        return render(self)


def sentences(text: str) -> list[str]:
    """A text cut into sentences: at line breaks, and after «.», «!», «?», «…» before a capital or digit."""
    out: list[str] = []
    for paragraph in nfc(text).split("\n"):
        start = 0
        for found in re.finditer(r"[.!?…]+[”\")]?\s+(?=[\"“(]?[^\W_a-zđ])", paragraph):
            before = re.search(r"([\w.]+)[.!?…]+[”\")]?\s+$", paragraph[start : found.end()])
            if before and before.group(1).casefold().rstrip(".") in ABBREVIATIONS:
                continue
            if found.group()[0] == "." and paragraph[start : found.start()].strip() == "":
                continue
            out.append(paragraph[start : found.end()].strip())
            start = found.end()
        rest = paragraph[start:].strip()
        if rest:
            out.append(rest)
    return out


def sentence(unit: str, name: str, text: str, order: float = 0.0) -> Sentence:
    """A sentence with its comparison tokens, the unit's name and short self-references as SELF."""
    tokens = [(m.group(), m.span()) for m in _TOKEN.finditer(text)]
    own = [m.group().casefold() for m in _TOKEN.finditer(nfc(name))]
    keys: list[str] = []
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        size = _self_reference(tokens, i, own)
        if size:
            keys.append(SELF)
            spans.append((tokens[i][1][0], tokens[i + size - 1][1][1]))
            i += size
            continue
        keys.append(tokens[i][0].casefold())
        spans.append(tokens[i][1])
        i += 1
    return Sentence(unit, name, text, order, tuple(keys), tuple(spans))


def _self_reference(tokens: list[tuple[str, tuple[int, int]]], i: int, own: list[str]) -> int:
    """How many tokens from ``i`` name the writing unit: its whole name, or a short form of it.

    A short form is the longest start of the name (two words or more, or «Sở» alone) followed by a word
    in lower case that does not carry a name on: «UBND huyện tích cực…», «Sở đã…»; «UBND tỉnh»
    in a district's text and «Sở Ngoại vụ» in another department's text are not the writer.
    """
    if not own or tokens[i][0].casefold() != own[0]:
        return 0  # most words: not even the name's first
    words = [t.casefold() for t, _ in tokens[i : i + len(own)]]
    if words == own:
        return len(own)
    size = 0
    while size < len(own) and i + size < len(tokens) and tokens[i + size][0].casefold() == own[size]:
        size += 1
    if size == 0 or (size == 1 and own[0] not in SELF_HEADS) or not tokens[i][0][:1].isupper():
        return 0
    following = tokens[i + size][0] if i + size < len(tokens) else ""
    if following[:1].isupper() or following.casefold() in (*PLACE_WORDS, *NOT_SELF_AFTER) or following[:1].isdigit():
        return 0
    return size


def merge(items: Iterable[Sentence]) -> list[Statement]:
    """Sentences grouped into statements, in the order they were given (first member's place)."""
    statements: list[Statement] = []
    heads: dict[tuple[str, ...], list[Statement]] = {}
    tails: dict[tuple[str, ...], list[Statement]] = {}
    for item in items:
        best: tuple[tuple[int, int], Statement] | None = None
        candidates = {id(s): s for s in (*heads.get(item.keys[:3], ()), *tails.get(item.keys[-3:], ()))}
        for statement in candidates.values():
            bounds = _joins(statement, item)
            if bounds is not None and (best is None or sum(bounds) > sum(best[0])):
                best = (bounds, statement)
        if best is None:
            statement = Statement([item], len(item.keys), 0)
            statements.append(statement)
            heads.setdefault(item.keys[:3], []).append(statement)
            tails.setdefault(item.keys[-3:], []).append(statement)
            continue
        (prefix, suffix), statement = best
        statement.identical = statement.identical and item.keys == statement.members[0].keys
        statement.members.append(item)
        statement.prefix, statement.suffix = prefix, suffix
    return statements


def _bounds(statement: Statement, item: Sentence) -> tuple[int, int]:
    """The prefix and suffix the statement's members and ``item`` all share."""
    first = statement.members[0].keys
    prefix = min(statement.prefix, _common(first, item.keys))
    suffix = min(statement.suffix if not statement.identical else len(first), _common(first[::-1], item.keys[::-1]))
    limit = min(len(first), len(item.keys))
    if prefix + suffix > limit:
        suffix = limit - prefix
    return prefix, suffix


def _joins(statement: Statement, item: Sentence) -> tuple[int, int] | None:
    """The prefix and suffix the statement keeps if ``item`` may join it; None when it may not."""
    if any(m.unit == item.unit for m in statement.members):
        return None
    if statement.identical and item.keys == statement.members[0].keys:
        return statement.prefix, statement.suffix
    prefix, suffix = _bounds(statement, item)
    shared = prefix + suffix
    if shared < MIN_SHARED:
        return None
    for member in (*statement.members, item):
        middle = len(member.keys) - shared
        if SELF in member.keys[prefix : len(member.keys) - suffix]:
            return None  # a unit naming itself where another names someone else: not one statement
        # Every member keeps a detail of its own: a sentence that is another's plus words would lose them.
        if middle < 1 or middle > MAX_DETAIL or shared < SHARED_SHARE * len(member.keys):
            return None
    return prefix, suffix


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    size = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        size += 1
    return size


# -- rendering --


def render(statement: Statement) -> str:
    """The statement's sentence: shared words once, each detail with its units, every unit named."""
    first = statement.members[0]
    names = [m.name for m in statement.members]
    if not statement.merged:
        return first.text
    if statement.identical:
        return _with_units(first, names)
    head_end = first.spans[statement.prefix][0]
    tail_start = first.spans[len(first.keys) - statement.suffix - 1][1]
    details = _details(statement)
    head_text = first.text[:head_end]
    bracketed = head_text.count("(") > head_text.count(")")  # «(ngày 20/02/2022 …»: no brackets in brackets
    separator = "; " if bracketed or any("," in text or ";" in text for _, text, _ in details) else ", "
    # A detail naming its unit («Sở Nội vụ» where the others wrote «Sở Tư pháp») needs no brackets.
    listed = separator.join(
        text
        if SELF in key
        else f"{text} - {unit_list(units, final=', ')}"
        if bracketed
        else f"{text} ({unit_list(units, final=', ')})"
        for key, text, units in details
    )
    # The shared words are the first member's, its own name there standing for all the units.
    words = collective(names)
    head = _written(first, 0, head_end, lambda _: words)
    tail = _written(first, tail_start, len(first.text), lambda _: words)
    return _capital(head + listed + tail)


def _details(statement: Statement) -> list[tuple[tuple[str, ...], str, list[str]]]:
    """Each member's detail as it wrote it (its own name written out), members of one detail together."""
    grouped: dict[tuple[str, ...], tuple[tuple[str, ...], str, list[str]]] = {}
    for member in statement.members:
        start, end = statement.prefix, len(member.keys) - statement.suffix
        key = member.keys[start:end]
        if SELF in key:
            key = (*key, member.unit)  # a detail naming its unit is that unit's alone
        text = _written(member, member.spans[start][0], member.spans[end - 1][1], lambda m: m.name)
        grouped.setdefault(key, (key, text, []))[2].append(member.name)
    return list(grouped.values())


def _written(member: Sentence, low: int, high: int, name: Callable[[Sentence], str]) -> str:
    """``member.text[low:high]`` with each self-reference in it written as ``name(member)``."""
    out: list[str] = []
    cursor = low
    for key, (start, end) in zip(member.keys, member.spans, strict=True):
        if key == SELF and low <= start and end <= high:
            out.append(member.text[cursor:start])
            out.append(name(member))
            cursor = end
    out.append(member.text[cursor:high])
    return "".join(out)


def _with_units(first: Sentence, names: list[str]) -> str:
    """An identical statement: the units in place of the writer's own name, or in brackets at the end."""
    text = first.text
    listed = unit_list(names)
    in_place = len(_items(names)) <= IN_PLACE_LIMIT
    selfs = [i for i, key in enumerate(first.keys) if key == SELF]
    for index in reversed(selfs):
        low, high = first.spans[index]
        words = listed if in_place and index == selfs[0] else collective(names)
        text = text[:low] + words + text[high:]
    if not selfs or not in_place:
        text = with_units(text, names)
    return _capital(text)


def with_units(text: str, names: Sequence[str]) -> str:
    """«… ngoại ngữ (Sở Tư pháp, Thanh tra tỉnh).»: the units in brackets before the closing full stop."""
    body = text.rstrip()
    end = len(body.rstrip(".!?…;:"))
    return f"{body[:end]} ({unit_list(names, final=', ')}){body[end:] or '.'}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def collective(names: Sequence[str]) -> str:
    """What the units are called together: «UBND các huyện» when all are districts, else «các cơ quan, đơn vị»."""
    heads = {_kind(name) for name in names}
    if len(heads) == 1 and None not in heads:
        return _plural(next(iter(heads)))  # type: ignore[arg-type]
    return COLLECTIVE


def _kind(name: str) -> str | None:
    for head in KIND_HEADS:
        if name.startswith(head + " ") and len(name) > len(head) + 1:
            return head
    return None


def _plural(head: str) -> str:
    """«UBND huyện» → «UBND các huyện»."""
    if " " not in head:
        return f"các {head}"  # «các Sở»
    first, rest = head.split(" ", 1) if not head.startswith("Ủy ban nhân dân") else ("Ủy ban nhân dân", head[16:])
    return f"{first} các {rest}"


def _items(names: Sequence[str]) -> list[str]:
    """Names in order, the units of one kind together where the first of them stands:
    «UBND các huyện: Văn Quan, Bình Gia và Chi Lăng», «các Sở: Nội vụ, Tư pháp»."""
    order: list[str] = []  # a name, or the head of a kind
    kinds: dict[str, list[str]] = {}
    for name in names:
        head = _kind(name)
        if head is None:
            order.append(name)
        else:
            if head not in kinds:
                order.append(head)
            kinds.setdefault(head, []).append(name[len(head) + 1 :])
    items: list[str] = []
    for item in order:
        places = kinds.get(item)
        if places is None:
            items.append(item)
        elif len(places) < GROUP_FROM.get(item, 2):
            items += [f"{item} {place}" for place in places]
        else:
            items.append(f"{_plural(item)}: {_joined(places, ' và ')}")
    return items


def _joined(items: Sequence[str], final: str) -> str:
    """«A, B và C»; «A, B, C» when the last item holds a «và» of its own («Khoa học và Công nghệ»)."""
    if len(items) == 1:
        return items[0]
    if " và " in items[-1]:
        final = ", "
    return f"{', '.join(items[:-1])}{final}{items[-1]}"


def unit_list(names: Sequence[str], final: str = " và ") -> str:
    """Units named the usual way: «UBND thành phố Lạng Sơn, UBND các huyện: Văn Quan, Bình Gia và Chi Lăng».

    ``final`` joins the last name (« và » in a sentence, «, » in brackets). A list of one kind followed by
    more names is closed with «;».
    """
    items = _items(names)
    if any(": " in item for item in items[:-1]):
        return "; ".join(items)
    return _joined(items, final)


# -- proposals --

# Bodies a unit may address besides the form's own agencies and units (their official names).
CENTRAL_BODIES = (
    "Chính phủ",
    "Thủ tướng Chính phủ",
    "Văn phòng Chính phủ",
    "Thanh tra Chính phủ",
    "Ngân hàng Nhà nước Việt Nam",
    "Ủy ban Dân tộc",
    "Bộ Ngoại giao",
    "Bộ Công Thương",
    "Bộ Kế hoạch và Đầu tư",
    "Bộ Tài chính",
    "Bộ Y tế",
    "Bộ Quốc phòng",
    "Bộ Công an",
    "Bộ Tư pháp",
    "Bộ Nội vụ",
    "Bộ Giáo dục và Đào tạo",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ Xây dựng",
    "Bộ Giao thông vận tải",
    "Bộ Tài nguyên và Môi trường",
    "Bộ Nông nghiệp và Phát triển nông thôn",
    "Bộ Lao động - Thương binh và Xã hội",
    "Bộ Khoa học và Công nghệ",
    "Bộ Thông tin và Truyền thông",
    "HĐND tỉnh",
    "Hội đồng nhân dân tỉnh",
    "Tỉnh ủy",
    "Ban Thường vụ Tỉnh ủy",
    "UBND tỉnh",
    "Ủy ban nhân dân tỉnh",
    "Trung ương",
    "các bộ, ngành trung ương",
    "các bộ, ngành Trung ương",
    "các bộ, ngành liên quan",
    "các sở, ban, ngành",
    "các sở, ngành liên quan",
    "các sở, ngành",
    "các cơ quan có thẩm quyền",
    "các cơ quan chức năng",
    "các cơ quan liên quan",
    "các địa phương",
    "cấp có thẩm quyền",
)
PROPOSAL = re.compile(
    r"^(?P<lead>(?:[^,.;:]{1,30}, |(?:đồng thời|ngoài ra|bên cạnh đó|cùng với đó) )?)"
    r"(?:đề nghị|kiến nghị|đề xuất)(?: với)? ",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Proposal:
    """A proposal sentence: whom it addresses (None when it says not) and what it asks."""

    addressee: str | None
    request: str


def proposal(text: str, known: Sequence[str], previous: str | None = None) -> Proposal:
    """«Đề nghị UBND tỉnh chỉ đạo …» → (UBND tỉnh, «Chỉ đạo …»).

    ``known``: names an addressee may have (the form's agencies and units; central bodies are added).
    A proposal naming no one («Bên cạnh đó, đề nghị quan tâm …») asks the addressee of the one before it.
    """
    found = PROPOSAL.match(text)
    if found is None:
        return Proposal(previous, text)
    rest = text[found.end() :]
    who = addressee(rest, known)
    if not who:
        # «Bên cạnh đó, đề nghị quan tâm …» goes on asking whom the sentence before asked; an opening
        # «Đề nghị …» to no one we know is kept whole.
        if previous and found["lead"]:
            return Proposal(_first_body(previous), _capital(rest))
        return Proposal(None, text)
    request = rest[len(who) :].lstrip(" ,")
    return Proposal(who, _capital(request) if request else text)


def addressee(text: str, known: Sequence[str]) -> str:
    """The addressee named at the start of ``text``: known names joined by «,» or «và»
    («UBND tỉnh, các sở, ngành liên quan»); empty when it starts with none."""
    names = sorted({nfc(n) for n in (*known, *CENTRAL_BODIES) if n}, key=len, reverse=True)
    folded = text.casefold()
    position = 0
    while True:
        name = next(
            (n for n in names if folded.startswith(n.casefold(), position) and _ends_word(text, position + len(n))),
            None,
        )
        if name is None:
            break
        position += len(name)
        joint = re.match(r",\s+|\s+và\s+", text[position:])
        if joint is None or not any(folded.startswith(n.casefold(), position + joint.end()) for n in names):
            break
        position += joint.end()
    return text[:position]


def _first_body(addressee: str) -> str:
    """«UBND tỉnh» of «UBND tỉnh, các sở, ngành liên quan»: whom a proposal naming no one goes on asking."""
    return re.split(r",\s+|\s+và\s+", addressee, maxsplit=1)[0]


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not text[end].isalnum()
