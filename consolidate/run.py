"""``consolidate run``: check every file, select one submission per unit, merge, write the outputs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from consolidate.check import CheckReport, check_paths
from consolidate.errors import ConversionError
from consolidate.files import atomic_path
from consolidate.form import Form
from consolidate.merge import Consolidation, merge
from consolidate.pdf import to_pdf

SUMMARY_NAME = "bang_tong_hop.xlsx"
REPORT_NAME = "bao_cao_tong_hop.docx"
JSON_NAME = "consolidated.json"


@dataclass
class RunResult:
    """What a run consolidated and wrote."""

    report: CheckReport
    consolidation: Consolidation
    outputs: dict[str, Path] = field(default_factory=dict)
    pdf_problems: list[str] = field(default_factory=list)


def run(
    paths: Iterable[Path], form: Form, out_dir: Path, pdf: bool = False, now: dt.datetime | None = None
) -> RunResult:
    """Consolidate the submissions under ``paths`` into ``out_dir``.

    All outputs are first written to temporary files; only when every one is complete are they
    renamed into place, so an interrupted run leaves the previous outputs as they were. PDF copies
    left from an earlier run are removed when this run does not make new ones (they would no
    longer match). Inputs are only read; files under ``out_dir`` are never taken for submissions.
    """
    from consolidate.report_docx import write_report
    from consolidate.summary_xlsx import write_summary

    own = [out_dir / name for name in (SUMMARY_NAME, REPORT_NAME, JSON_NAME)]
    own += [path.with_suffix(".pdf") for path in own[:2]]
    report = check_paths(paths, form, exclude=own)
    consolidation = merge(report, form, now=now)
    result = RunResult(report=report, consolidation=consolidation)
    targets = {"summary": out_dir / SUMMARY_NAME, "report": out_dir / REPORT_NAME, "json": out_dir / JSON_NAME}
    writers: dict[str, Callable[[Path], object]] = {
        "summary": lambda tmp: write_summary(consolidation, tmp),
        "report": lambda tmp: write_report(consolidation, tmp),
        "json": lambda tmp: tmp.write_text(json_text(consolidation), encoding="utf-8"),
    }
    with ExitStack() as stack:
        temporaries = {key: stack.enter_context(atomic_path(target)) for key, target in targets.items()}
        for key, tmp in temporaries.items():
            writers[key](tmp)
    result.outputs.update(targets)
    for key in ("summary", "report"):
        stale = targets[key].with_suffix(".pdf")
        if not pdf:
            stale.unlink(missing_ok=True)
            continue
        try:
            result.outputs[f"{key}_pdf"] = to_pdf(targets[key])
        except ConversionError as exc:
            stale.unlink(missing_ok=True)
            result.pdf_problems.append(str(exc))
            if exc.tool_missing:
                targets["report"].with_suffix(".pdf").unlink(missing_ok=True)
                break
    return result


def json_text(consolidation: Consolidation) -> str:
    """consolidated.json as text (UTF-8, Vietnamese kept readable)."""
    return json.dumps(consolidation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
