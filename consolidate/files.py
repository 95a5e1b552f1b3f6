"""Writing outputs safely: to a temporary file beside the target, then renamed over it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from consolidate.errors import OutputError, os_reason


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target`` in one rename.

    An interrupted or failed write leaves the previous ``target`` (if any) untouched and no
    half-written file under the target's name.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp_name = tempfile.mkstemp(prefix=".tmp-", suffix=target.suffix, dir=target.parent)
        os.close(handle)
    except OSError as exc:
        raise OutputError(f"Không ghi được vào thư mục «{target.parent}»: {os_reason(exc)}.") from exc
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"Không ghi được tệp «{target}»: {os_reason(exc)}.") from exc
    finally:
        if tmp.exists():
            tmp.unlink()
