"""Failures that must happen inside worker processes, whatever their start method.

A spawned worker is a new interpreter: a patch made in the test process does not reach it. What it
is sent (a cache's encoder) reaches it by name instead, and it imports this module to find it; so
this module stays small and imports little. The summary writers fail in a forked second process or
in the test process itself (spawned, the summary is written in the process of the run).
"""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

from consolidate.errors import OutputError
from consolidate.store import encode_result

VICTIMS = {"hoi_nhap_quoc_te_XA00005.xlsx", "hoi_nhap_quoc_te_XA00006.xlsx", "hoi_nhap_quoc_te_XA00150.xlsx"}


SPARED = "CONSOLIDATE_TEST_SPARED_PID"  # a process (the test's own) that the victims do not kill


def deadly_encode(result: Any) -> str:
    """Encodes a result for the cache, in the worker; ends its process at a victim, as a native crash would."""
    if result.path.name in VICTIMS and os.environ.get(SPARED) != str(os.getpid()):
        os._exit(1)
    return encode_result(result)


class DeadlyCache:
    """A cache that knows no file, whose encoder kills the reader of each victim; keeps what it is given."""

    encode = staticmethod(deadly_encode)

    def __init__(self) -> None:
        self.kept: list[tuple[str, str]] = []

    def get(self, sha256: str, path: Path) -> None:
        return None

    def put_all(self, items: list[tuple[str, str]]) -> None:
        self.kept.extend(items)


class _Unsendable:
    """An encoder that works here but ends any process that receives it pickled (a worker that cannot start)."""

    def __call__(self, result: Any) -> str:
        return encode_result(result)

    def __reduce__(self) -> Any:
        return os._exit, (1,)


class UnsendableCache(DeadlyCache):
    """A cache whose encoder cannot reach a spawned worker alive."""

    encode = _Unsendable()  # type: ignore[assignment]


def broken_summary(*_: Any) -> None:
    """A summary writer that fails as ours do, with a Vietnamese OutputError."""
    raise OutputError("Không ghi được bảng tổng hợp (thử nghiệm).")


def crashing_summary(*_: Any) -> None:
    """A summary writer with a bug."""
    raise ZeroDivisionError("division by zero")


def dying_summary(*_: Any) -> None:
    """A summary writer whose process ends without a word."""
    os._exit(3)


def full_disk_summary(*_: Any) -> None:
    """A summary writer that finds the disk full (the error names no file, as a failed write's does not)."""
    raise OSError(errno.ENOSPC, "No space left on device")
