"""A figure's table as an .xlsx workbook: Chinese headers, numbers as numbers, a 说明 sheet."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from stats.scope import Column, Figure

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def header(column: Column) -> str:
    """Durations are written in hours, so their headers say so."""
    if column.kind == "seconds":
        return _("%(label)s（小时）") % {"label": column.label}
    return column.label


def _text(sheet: Any, value: str, *, bold: bool = False) -> Any:
    # Always a string cell: a unit's name such as "=HYPERLINK(…)" must never become a formula.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def _cell(sheet: Any, kind: str, value: Any, *, bold: bool = False) -> Any:
    if value is None:
        return _text(sheet, "", bold=bold)
    if kind == "text":
        return _text(sheet, str(value), bold=bold)
    if kind == "seconds":
        cell = WriteOnlyCell(sheet, value=round(float(value) / 3600, 2))
        cell.number_format = "0.00"
    elif kind == "rate":
        cell = WriteOnlyCell(sheet, value=round(float(value), 4))
        cell.number_format = "0.0%"
    elif kind == "date":
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
    else:
        cell = WriteOnlyCell(sheet, value=int(value))
    if bold:
        cell.font = Font(bold=True)
    return cell


def workbook_bytes(figure: Figure, *, scope: str, filters: str, generated_at: datetime) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("数据"))
    for index in range(len(figure.columns)):
        sheet.column_dimensions[chr(ord("A") + index)].width = 26 if index == 0 else 16
    sheet.append([_text(sheet, header(c), bold=True) for c in figure.columns])
    for row in figure.rows:
        sheet.append([_cell(sheet, c.kind, v) for c, v in zip(figure.columns, row, strict=True)])
    if figure.total is not None and figure.rows:
        sheet.append(
            [
                _cell(sheet, "text" if i == 0 else c.kind, v, bold=True)
                for i, (c, v) in enumerate(zip(figure.columns, figure.total, strict=True))
            ]
        )
    about = book.create_sheet(_("说明"))
    about.column_dimensions["A"].width = 14
    about.column_dimensions["B"].width = 100
    lines = [
        (_("统计项"), figure.title),
        (_("统计范围"), scope),
        (_("筛选条件"), filters),
        (_("口径"), figure.definition),
        (_("导出时间"), f"{generated_at:%Y-%m-%d %H:%M:%S}"),
        *[(_("说明"), note) for note in figure.notes],
    ]
    for name, text in lines:
        about.append([_text(about, str(name), bold=True), _text(about, str(text))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
