"""The one registry of a run's outputs: key, file name, Vietnamese label, writer, PDF copy.

``run`` writes what this table lists, the CLI lists what a run wrote with these labels, and the files
a run writes are never taken for submissions because their names come from here. A new output added
here is written, listed and protected everywhere at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consolidate.merge import Consolidation

Writer = Callable[["Consolidation", Path], object]


@dataclass(frozen=True)
class Output:
    """One file a run writes in its output folder."""

    key: str  # RunResult.outputs' key, the JSON listing's key
    name: str  # the file name in the output folder
    label: str  # Vietnamese, as the CLI lists it
    writer: Writer  # writes the consolidation to a (temporary) path
    stage: str  # the timing stage of its writing (run.STAGES)
    pdf_key: str | None = None  # the key of its PDF copy on --pdf; None when it gets none
    pdf_label: str = ""

    def pdf_name(self) -> str:
        return str(Path(self.name).with_suffix(".pdf"))


def _summary(consolidation: Consolidation, path: Path) -> None:
    from consolidate.summary_xlsx import write_summary

    write_summary(consolidation, path)


def _report(consolidation: Consolidation, path: Path) -> None:
    from consolidate.report_docx import write_report

    write_report(consolidation, path)


def json_text(consolidation: Consolidation) -> str:
    """consolidated.json as text (UTF-8, Vietnamese kept readable)."""
    return json.dumps(consolidation.to_dict(), ensure_ascii=False, indent=2, default=str) + "\n"


def _json(consolidation: Consolidation, path: Path) -> None:
    path.write_bytes(json_text(consolidation).encode("utf-8"))  # \n on every platform


OUTPUTS: dict[str, Output] = {
    o.key: o
    for o in (
        Output(
            "summary",
            "bang_tong_hop.xlsx",
            "Bảng tổng hợp",
            _summary,
            "write_xlsx",
            "summary_pdf",
            "Bảng tổng hợp (PDF)",
        ),
        Output("report", "bao_cao_tong_hop.docx", "Báo cáo", _report, "write_docx", "report_pdf", "Báo cáo (PDF)"),
        Output("json", "consolidated.json", "Dữ liệu JSON", _json, "write_json"),
    )
}
HISTORY_NAME = "lich_su.sqlite"  # the history store kept beside the outputs (written by the store, not a writer)
HISTORY_LABEL = "Kho lịch sử"

# Every key a run may list, PDF copies included, with its Vietnamese label.
LABELS: dict[str, str] = {o.key: o.label for o in OUTPUTS.values()} | {
    o.pdf_key: o.pdf_label for o in OUTPUTS.values() if o.pdf_key
}
SUMMARY_NAME = OUTPUTS["summary"].name
REPORT_NAME = OUTPUTS["report"].name
JSON_NAME = OUTPUTS["json"].name


def own_outputs(out_dir: Path) -> list[Path]:
    """The files a run writes in ``out_dir``, PDF copies included: never taken for submissions."""
    own = [out_dir / o.name for o in OUTPUTS.values()] + [out_dir / HISTORY_NAME]
    return own + [out_dir / o.pdf_name() for o in OUTPUTS.values() if o.pdf_key]
