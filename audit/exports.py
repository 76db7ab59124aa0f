"""Exporting a staff list to Excel: exactly the filtered rows, in the chosen order, audited.

Every staff list (docs/adr/0039-clerk-tables.md) exports through `export_table`: the rows the
table holds after its filters, sorted as the page shows them (`?sort=`), at most
`EXPORT_MAX_ROWS`, written by `zhicheng.tables`, and one 导出数据 row in the security audit
log naming the list, the row count and the filters.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from audit.actions import record
from audit.models import AuditEvent
from zhicheng.tables import EXPORT_MAX_ROWS, ExportColumn, export_rows, xlsx_response


class FilterForm(Protocol):
    """A list's filter form: its fields, and `value(name)`, the cleaned value or None."""

    fields: dict[str, Any]

    def value(self, name: str) -> Any: ...


def filters_of(form: FilterForm) -> str:
    """The filters a list's form holds, as 标签=值 pairs for the audit row."""
    return "; ".join(
        f"{form.fields[n].label}={form.value(n)}" for n in form.fields if form.value(n)
    )


def export_table(
    request: HttpRequest,
    actor: Any,
    table: Any,
    columns: list[ExportColumn],
    *,
    title: str,
    ascii_name: str,
    filters: str = "",
) -> HttpResponse:
    """The table's rows (filtered, in the chosen order, unpaginated) as .xlsx; audited."""
    table.order_by = request.GET.get("sort") or ()
    records = list(table.data[:EXPORT_MAX_ROWS]) if table.data is not None else []
    record(
        AuditEvent.Action.EXPORTED,
        actor=actor,
        target=title,
        detail=_("%(n)s 行；筛选：%(f)s") % {"n": len(records), "f": filters or "—"},
        request=request,
    )
    return xlsx_response(title, columns, export_rows(records, columns), ascii_name=ascii_name)
