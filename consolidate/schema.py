"""The machine-readable description of a form and of where its inputs sit in the template."""

from __future__ import annotations

import datetime as dt
from typing import Any

from consolidate.form import Field, Form
from consolidate.layout import plan


def describe(form: Form) -> dict[str, Any]:
    """``consolidate schema FORM --json``: fields, sections, tables and rules with their cells."""
    layout = plan(form)

    def field_entry(item: Field) -> dict[str, Any]:
        cell = layout.cells[item.code]
        return {
            "code": item.code,
            "label": item.label,
            "kind": item.kind,
            "role": item.role,
            "unit": item.unit,
            "required": item.required,
            "min": _plain(item.min),
            "max": _plain(item.max),
            "choices": list(item.choices),
            "aggregate": item.aggregate,
            "weight": item.weight,
            "group": item.group,
            "phrase": item.phrase,
            "sheet": cell.sheet,
            "cell": cell.a1,
        }

    period = form.period
    return {
        "form_id": form.id,
        "version": form.version,
        "title": form.title,
        "period": {
            "type": period.type,
            "year": period.year,
            "label": period.label,
            "from": period.start.isoformat(),
            "to": period.end.isoformat(),
            "deadline": period.deadline.isoformat(),
        },
        "units": [{"code": u.code, "name": u.name, "group": u.group} for u in form.units],
        "fields": [field_entry(item) for item in form.fields],
        "sections": [
            {
                "code": s.code,
                "number": s.number,
                "heading": s.heading,
                "level": s.level,
                "required": s.required,
                "sheet": layout.cells[s.code].sheet if s.takes_input else None,
                "cell": layout.cells[s.code].a1 if s.takes_input else None,
            }
            for s in form.walk_sections()
        ],
        "tables": [
            {
                "code": t.code,
                "title": t.title,
                "sheet": layout.tables[t.code].sheet,
                "cell": layout.tables[t.code].first_cell.a1,
                "columns": [
                    {
                        "code": c.code,
                        "label": c.label,
                        "kind": c.kind,
                        "required": c.required,
                        "min": _plain(c.min),
                        "max": _plain(c.max),
                        "choices": list(c.choices),
                    }
                    for c in t.columns
                ],
            }
            for t in form.tables
        ],
        "rules": [{"expression": r.expression.text, "message": r.message} for r in form.rules],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value
