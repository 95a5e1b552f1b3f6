"""The form workbook: a form definition as a spreadsheet, one sheet per kind of thing, one row per item.

The coordinator edits a workbook in Excel or LibreOffice instead of writing YAML (the idea of XLSForm).
:func:`write_form_workbook` writes the raw structure a YAML file gives as such a workbook;
:func:`read_form_workbook` reads it back (.xlsx or .ods) into the same structure, with the sheet, row,
column and cell of every value, and the structural mistakes found on the way, all at once.

Hints sit in cell comments on the headers (and again on the «Hướng dẫn» sheet, which prints), not in a
hint row: the rows below a header are then data only, so sorting, filtering and pasting a list from an
address book work as in any sheet.

What lives here: ``layout`` (the sheets, their columns and hints), ``write`` (YAML in and out, the
workbook written), ``read`` (the workbook read back, codes derived); this module converts between the
two kinds of file. It imports the core (``form``, ``formsource``, ``files``), never the CLI.
"""

from __future__ import annotations

from pathlib import Path

from consolidate.errors import FormError
from consolidate.formbook.read import STRUCTURE_PROBLEMS, derive_code, read_form_workbook
from consolidate.formbook.write import dump_yaml, load_yaml_definition, write_form_workbook
from consolidate.formerrors import error_text
from consolidate.formsource import WORKBOOK_SUFFIXES, Definition, FormProblem

__all__ = [
    "STRUCTURE_PROBLEMS",
    "convert",
    "derive_code",
    "dump_yaml",
    "load_yaml_definition",
    "read_form_workbook",
    "workbook_definition",
    "write_form_workbook",
]

# --- one definition from either kind of file ------------------------------------------------------


def convert(source: Path, target: Path) -> list[FormProblem]:
    """Write the definition in ``source`` to ``target``, YAML ↔ workbook by the suffixes; return reading problems.

    Raises:
        FormError: the source cannot be read, has structural errors, or the target's suffix is not known.
    """
    from consolidate.files import write_bytes

    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".yaml", ".yml"):
        raise FormError(f"Không ghi được «{target.name}»: hãy đặt tên tệp kết quả đuôi .xlsx hoặc .yaml.")
    if source.suffix.lower() in WORKBOOK_SUFFIXES:
        definition = workbook_definition(source)
    else:
        definition = Definition(path=source, data=load_yaml_definition(source))
    if suffix == ".xlsx":
        write_form_workbook(definition.data, target)
    else:
        write_bytes(target, dump_yaml(definition.data).encode("utf-8"))
    return definition.problems


def workbook_definition(path: Path) -> Definition:
    """A form workbook read for loading: its structural errors, if any, raised together.

    Raises:
        FormError: listing every structural error with its sheet, row, column and cell.
    """
    definition = read_form_workbook(path)
    errors = [p for p in definition.problems if p.severity == "error"]
    if errors:
        raise FormError(error_text(path, errors))
    return definition
