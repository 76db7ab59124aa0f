"""Reference data in the reader's language (docs/adr/0035-uyghur-and-rtl.md).

Rows users read (regions, series, titles, specialties, 任职资格条件, template sections and
fields) keep their Chinese name in ``name`` and may hold a Uyghur one beside it in
``name_ug``; ``local_name(row)`` gives the one for the active language, falling back to the
Chinese where no Uyghur name is stored. Chinese stays the record (search, printouts, exports).
"""

from __future__ import annotations

from typing import Any

from django.utils import translation


def local_name(row: Any, field: str = "name") -> str:
    if row is None:
        return ""
    chinese = str(getattr(row, field, "") or "")
    language = (translation.get_language() or "").split("-")[0]
    if language and language != "zh":
        other = getattr(row, f"{field}_{language}", "")
        if other:
            return str(other)
    return chinese
