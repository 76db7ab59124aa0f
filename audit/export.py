"""The audit rows as an .xlsx sheet with Chinese headers (openpyxl, streamed row by row)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]

from audit.models import AuditEvent

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = (20, 18, 18, 16, 16, 40, 8, 50, 18)


def headers() -> list[str]:
    return [
        _("时间"),
        _("操作人账号"),
        _("角色"),
        _("所属区域"),
        _("事件"),
        _("对象"),
        _("结果"),
        _("说明"),
        _("客户端地址"),
    ]


def _text(sheet: Any, value: str) -> Any:
    # Always a string cell: a typed login name such as "=HYPERLINK(…)" must never become a
    # formula, and characters the format cannot hold are dropped.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    return cell


def workbook_bytes(events: Iterable[AuditEvent], role_labels: dict[str, str]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("安全审计"))
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    bold = Font(bold=True)
    header_cells = []
    for title in headers():
        cell = _text(sheet, title)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for event in events:
        when = WriteOnlyCell(sheet, value=timezone.localtime(event.at).replace(tzinfo=None))
        when.number_format = "yyyy-mm-dd hh:mm:ss"
        sheet.append(
            [
                when,
                _text(sheet, event.actor_name),
                _text(sheet, role_labels.get(event.role, event.role)),
                _text(sheet, event.region.name if event.region_id and event.region else ""),
                _text(sheet, str(event.get_action_display())),
                _text(sheet, event.target),
                _text(sheet, str(event.get_result_display())),
                _text(sheet, event.detail),
                _text(sheet, event.ip_address or ""),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
