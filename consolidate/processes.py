"""How worker processes are started: the one place that chooses between ``fork`` and ``spawn``.

Windows has only ``spawn``: a new interpreter that imports the package again and receives its work
pickled. Linux can ``fork``, which copies the running process and starts in milliseconds. The
reading pool and the second writer take their start method from here, so both ways are used the
same and both stay under test (``CONSOLIDATE_START_METHOD=spawn`` runs the Windows way on Linux).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from multiprocessing.context import BaseContext

from consolidate.errors import UsageError

START_METHOD_VARIABLE = "CONSOLIDATE_START_METHOD"


def start_method() -> str:
    """``fork`` on Linux, ``spawn`` elsewhere, unless ``CONSOLIDATE_START_METHOD`` names another.

    Chosen here rather than left to Python, whose default changes between versions and platforms:
    fork is kept off macOS (system libraries there are not safe to fork) and absent on Windows.
    """
    available = multiprocessing.get_all_start_methods()
    chosen = os.environ.get(START_METHOD_VARIABLE, "").strip().lower()
    if not chosen:
        return "fork" if sys.platform.startswith("linux") and "fork" in available else "spawn"
    if chosen not in available:
        raise UsageError(
            f"Biến môi trường {START_METHOD_VARIABLE} = «{chosen}» không dùng được trên máy này; "
            f"hãy đặt một trong {', '.join(available)}, hoặc xóa biến này để chương trình tự chọn."
        )
    return chosen


def context() -> BaseContext:
    """The multiprocessing context every worker process of a command is started with."""
    return multiprocessing.get_context(start_method())


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1
