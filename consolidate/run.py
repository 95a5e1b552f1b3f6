"""``consolidate run``: check every file, select one submission per unit, merge, write the outputs."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from consolidate.check import CheckReport, check_paths
from consolidate.files import atomic_path
from consolidate.form import Form
from consolidate.merge import Consolidation, merge

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

    Each output is written to a temporary file and renamed, so an interrupted run leaves either
    the previous output or the new one, never half a file. Inputs are only read.
    """
    from consolidate.report_docx import write_report
    from consolidate.summary_xlsx import write_summary

    report = check_paths(paths, form)
    consolidation = merge(report, form, now=now)
    result = RunResult(report=report, consolidation=consolidation)
    targets = {"summary": out_dir / SUMMARY_NAME, "report": out_dir / REPORT_NAME, "json": out_dir / JSON_NAME}
    with atomic_path(targets["summary"]) as tmp:
        write_summary(consolidation, tmp)
    with atomic_path(targets["report"]) as tmp:
        write_report(consolidation, tmp)
    with atomic_path(targets["json"]) as tmp:
        tmp.write_text(json_text(consolidation), encoding="utf-8")
    result.outputs.update(targets)
    if pdf:
        from consolidate.pdf import to_pdf

        for key in ("summary", "report"):
            try:
                result.outputs[f"{key}_pdf"] = to_pdf(targets[key])
            except RuntimeError as exc:
                result.pdf_problems.append(str(exc))
                if "chưa cài LibreOffice" in str(exc):
                    break
    return result


def json_text(consolidation: Consolidation) -> str:
    """consolidated.json as text (UTF-8, Vietnamese kept readable)."""
    return json.dumps(consolidation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"
