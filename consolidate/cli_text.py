"""Vietnamese for the words the command-line library prints itself.

Typer (and the click it is built on, vendored in recent typer releases) writes its usage line,
the ``--help`` option's text and argument errors in English. Officials reading this tool's
output read Vietnamese, so :func:`install` replaces those few strings: the usage prefix, the
help option's text, and the message shown for a usage error (translated by the patterns below,
falling back to the original text when no pattern matches).
"""

from __future__ import annotations

import importlib
import re
from typing import Any

HELP_TEXT = "Hiện hướng dẫn này rồi thoát."
# Words typer translates through gettext (its help headings and markers).
GETTEXT = {
    "Arguments": "Tham số",
    "Options": "Tùy chọn",
    "Commands": "Lệnh",
    "required": "bắt buộc",
    "default: {default}": "mặc định: {default}",
    "Aborted!": "Đã dừng.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Missing command.": "Thiếu tên lệnh.",
}
USAGE_PREFIX = "Cách dùng: "

_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"Missing option (.+)\."), r"Thiếu tùy chọn \1."),
    (re.compile(r"Missing argument (.+)\."), r"Thiếu tham số \1."),
    (re.compile(r"Missing parameter:? ?(.*)\."), r"Thiếu tham số \1."),
    (re.compile(r"No such option:? (\S+) \(Possible options: (.+)\)"), r"Không có tùy chọn \1 (có phải ý bạn là: \2?)"),
    (re.compile(r"No such option:? (\S+)"), r"Không có tùy chọn \1."),
    (re.compile(r"No such command (.+?)\.(?: Did you mean (.+)\?)?$"), r"Không có lệnh \1."),
    (re.compile(r"Option (.+) requires an argument\."), r"Tùy chọn \1 cần một giá trị."),
    (re.compile(r"Option (.+) does not take a value\."), r"Tùy chọn \1 không nhận giá trị."),
    (re.compile(r"Got unexpected extra arguments? ?\(?s?\)? ?\((.+)\)"), r"Thừa tham số: \1."),
    (re.compile(r"Invalid value for (.+?): (.+)"), r"Giá trị không hợp lệ cho \1: \2"),
    (re.compile(r"Missing command\."), "Thiếu tên lệnh."),
]


def translate(message: str) -> str:
    """The Vietnamese for one of the library's usage-error messages."""
    for pattern, replacement in _PATTERNS:
        if pattern.search(message):
            return pattern.sub(replacement, message, count=1)
    return message


def _show_usage_error(self: Any, file: Any = None) -> None:
    import sys

    stream = file or sys.stderr
    if self.ctx is not None:
        stream.write(self.ctx.get_usage() + "\n")
        stream.write(f"Xem hướng dẫn: {self.ctx.command_path} --help\n\n")
    stream.write(f"Lỗi: {translate(self.format_message())}\n")


def _gettext(message: str) -> str:
    return GETTEXT.get(message, message)


def install() -> None:
    """Patch the usage prefix, the ``--help`` text, help headings and usage errors of typer's click."""
    for name in ("typer.core", "typer.rich_utils", "click.core", "click.formatting", "click.decorators"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
    _patch_arguments()
    for package in ("typer._click", "click"):
        try:
            exceptions = importlib.import_module(f"{package}.exceptions")
            formatting = importlib.import_module(f"{package}.formatting")
            core = importlib.import_module(f"{package}.core")
        except ImportError:
            continue
        exceptions.UsageError.show = _show_usage_error
        _patch_usage_prefix(formatting.HelpFormatter)
        _patch_help_option(core.Command)


def _patch_usage_prefix(formatter: Any) -> None:
    original = formatter.write_usage
    if getattr(original, "_vietnamese", False):
        return

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, USAGE_PREFIX if prefix is None else prefix)

    write_usage._vietnamese = True  # type: ignore[attr-defined]
    formatter.write_usage = write_usage


def _patch_help_option(command: Any) -> None:
    original = command.get_help_option
    if getattr(original, "_vietnamese", False):
        return

    def get_help_option(self: Any, ctx: Any) -> Any:
        option = original(self, ctx)
        if option is not None:
            option.help = HELP_TEXT
        return option

    get_help_option._vietnamese = True  # type: ignore[attr-defined]
    command.get_help_option = get_help_option


def _patch_arguments() -> None:
    """Arguments are named by their Vietnamese metavar alone: no ``<list[Path]>`` type, no braces."""
    try:
        from typer.core import TyperArgument
    except ImportError:
        return
    if hasattr(TyperArgument, "display_type_rich"):
        TyperArgument.display_type_rich = lambda self, ctx: None  # type: ignore[method-assign]
    if hasattr(TyperArgument, "_usage_display_name"):
        TyperArgument._usage_display_name = lambda self: (  # type: ignore[method-assign]
            self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        )
