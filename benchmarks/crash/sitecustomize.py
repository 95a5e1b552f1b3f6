"""Benchmark only (``bench.py --crash``): the process that reads one chosen file dies, as in a native crash.

Python imports ``sitecustomize`` at the start of every interpreter whose path holds this folder, so
the readers get the fault whether they are forked or spawned. Nothing here is part of the tool.
"""

import os

_VICTIM = os.environ.get("CONSOLIDATE_BENCH_CRASH")

if _VICTIM:
    from consolidate import check

    _read = check._check_timed

    def _deadly(path, *rest):  # type: ignore[no-untyped-def]
        if path.name == _VICTIM:
            os._exit(1)
        return _read(path, *rest)

    check._check_timed = _deadly
