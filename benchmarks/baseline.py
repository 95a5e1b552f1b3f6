"""What a capable user writes instead of consolidate: read every workbook with pandas, stack, write.

    python benchmarks/baseline.py FOLDER OUT.xlsx

``pandas.read_excel(..., sheet_name=None)`` with its default engine (openpyxl) for every file,
each sheet's frames concatenated with the file name in front, written back with
``DataFrame.to_excel``. It checks nothing, selects nothing and writes no report: it is the floor
of what consolidation costs done the obvious way.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd


def main(folder: Path, out: Path) -> int:
    frames: dict[str, list[pd.DataFrame]] = {}
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods"))
    for path in files:
        # openpyxl is pandas' default engine for .xlsx today; named so a future default does not move the floor.
        for name, frame in pd.read_excel(path, sheet_name=None, engine="openpyxl").items():
            frame.insert(0, "tep", path.name)
            frames.setdefault(name, []).append(frame)
    with pd.ExcelWriter(out) as writer:
        for name, parts in frames.items():
            pd.concat(parts, ignore_index=True).to_excel(writer, sheet_name=name[:31], index=False)
    return len(files)


if __name__ == "__main__":
    count = main(Path(sys.argv[1]), Path(sys.argv[2]))
    print(count)
