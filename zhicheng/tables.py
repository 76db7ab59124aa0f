"""Staff lists: one way to sort, page, select and export a list (docs/adr/0039-clerk-tables.md).

A list is a `StaffTable` (django-tables2): its columns say how a row is drawn and which model
field a column sorts by; `configure` applies `?sort=` and `?page=` and the page size chosen
from 20/50/100 (`?per_page=`). The same table, unpaginated, is the Excel export: `export_rows`
turns exactly the filtered (and sorted) rows into `ExportColumn` values, and `xlsx_response`
writes them with Chinese headers. The caller audits the export (audit sits above this layer)
and masks ID numbers through `lib.visibility.id_for` in its `ExportColumn`s.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django_tables2.config import RequestConfig  # type: ignore[import-untyped]
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from zhicheng import table_rows
from zhicheng.serving import serve_bytes

PAGE_SIZES = (20, 50, 100)
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# One export is one sheet a person reads; beyond this the filters should narrow it first.
EXPORT_MAX_ROWS = 5000


def _offered(value: Any, default: int = PAGE_SIZES[0]) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return default
    return size if size in PAGE_SIZES else default


def page_size(request: HttpRequest, default: int = PAGE_SIZES[0]) -> int:
    """The chosen rows per page: 20, 50 or 100; anything else (a hand-edited URL) is the
    list's default."""
    return _offered(request.GET.get("per_page"), default)


def wants_export(request: HttpRequest) -> bool:
    """`?export=xlsx` on a list URL asks for its filtered rows as a spreadsheet."""
    return request.GET.get("export") == "xlsx"


class SelectColumn(tables.CheckBoxColumn):
    """A checkbox per row (`name="ids"`, value the row's pk) tied to the list's bulk form by
    `form=`; static/js/tables.js adds select-all. The server re-checks every id sent."""

    def __init__(self, form_id: str = "bulk-form", **kwargs: Any) -> None:
        attrs = {
            "input": {
                "name": "ids",
                "form": form_id,
                "class": "row-select",
                # Each row's box names its row for screen readers (docs/adr/0040).
                "aria-label": lambda record: _("选择：%(row)s") % {"row": record},
            },
            "th__input": {"class": "select-all", "aria-label": _("全选本页")},
            "td": {"class": "select-cell"},
            "th": {"class": "select-cell"},
        }
        super().__init__(accessor="pk", attrs=attrs, orderable=False, **kwargs)
        self.form_id = form_id

    def render(self, value: Any, bound_column: Any, record: Any) -> SafeString:
        """The row's checkbox, as `CheckBoxColumn.render` draws it from the attrs above
        (type, name, value, form, class, aria-label), without building and computing an
        attribute dict per row."""
        if self.checked is not None:
            return super().render(value, bound_column, record)
        return format_html(
            '<input type="checkbox" name="ids" value="{}" form="{}" class="row-select"'
            ' aria-label="{}" />',
            value,
            self.form_id,
            _("选择：%(row)s") % {"row": record},
        )


class StaffTable(tables.Table):
    """Base of every staff list: compact rows, our own template (translated pager and
    page-size chooser), sort links with `aria-sort`."""

    class Meta:
        template_name = "includes/table.html"
        attrs = {"class": "list compact-table"}
        order_by_field = "sort"
        page_field = "page"
        per_page_field = "per_page"

    page_sizes = PAGE_SIZES
    default_per_page = PAGE_SIZES[0]

    def body_html(self) -> SafeString:
        """The page's rows, drawn as django-tables2 draws them but with each column's render
        call, value lookup and <td> attributes prepared once per page (zhicheng/table_rows.py,
        ADR 0036)."""
        return table_rows.body_html(self)

    def _request(self) -> HttpRequest | None:
        # The request `{% render_table %}` renders with, as its `querystring_replace` reads it.
        context = getattr(self, "context", None)
        request = context.get("request") if context is not None else None
        return request if request is not None else getattr(self, "request", None)

    def _query(self, **changes: Any) -> str:
        """`{% querystring_replace %}`: the current query string with `changes` set."""
        request = self._request()
        params = dict(request.GET) if request is not None else {}
        params.update(changes)
        return escape("?" + urlencode(params, doseq=True))

    def header_cells(self) -> list[dict[str, Any]]:
        """Each column's header: its <th> attributes, `aria-sort`, sort link and mark."""
        out = []
        for column in self.columns:
            ordered = column.is_ordered
            descending = ordered and column.order_by_alias.is_descending
            href = None
            if column.orderable:
                href = self._query(
                    **{
                        self.prefixed_order_by_field: column.order_by_alias.next,
                        self.prefixed_page_field: 1,
                    }
                )
            out.append(
                {
                    "attrs": column.attrs["th"].as_html(),
                    "sort": ("descending" if descending else "ascending") if ordered else "",
                    "mark": "▼" if descending else "▲",
                    "href": href,
                    "header": column.header,
                }
            )
        return out

    def page_size_links(self) -> list[tuple[int, str | None]]:
        """The page-size chooser: (size, link to it; None for the current size)."""
        current = self.paginator.per_page
        return [
            (
                size,
                None
                if size == current
                else self._query(
                    **{self.prefixed_per_page_field: size, self.prefixed_page_field: 1}
                ),
            )
            for size in self.page_sizes
        ]

    def paginate(self, *args: Any, per_page: Any = None, **kwargs: Any) -> None:
        """Page with one of the offered sizes only (`?per_page=5000` is the default)."""
        size = _offered(per_page, self.default_per_page)
        super().paginate(*args, per_page=size, **kwargs)


def pk_url(name: str) -> Callable[[Any], str]:
    """`reverse(name, args=[pk])` for the many rows of a page: the URL is reversed once
    around a marker and each row's pk put in its place (the pattern takes one integer)."""
    marker = 987654321987
    head, found, tail = reverse(name, args=[marker]).partition(str(marker))
    if not found:  # pragma: no cover - a pattern that does not echo its argument
        return lambda pk: reverse(name, args=[pk])
    return lambda pk: f"{head}{int(pk)}{tail}"


def configure(request: HttpRequest, table: StaffTable) -> StaffTable:
    """Apply the request's sort, page and page size to `table` (404-free: a bad page is the
    last page, a bad sort key is ignored by django-tables2)."""
    size = page_size(request, table.default_per_page)
    RequestConfig(request, paginate={"per_page": size, "orphans": 0}).configure(table)
    return table


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its Chinese header and how a record gives its value."""

    header: Any  # a lazy translated string
    value: Callable[[Any], Any]
    width: int = 16


def export_rows(records: Iterable[Any], columns: Sequence[ExportColumn]) -> list[list[Any]]:
    """Every record as a row of values, in the columns' order."""
    return [[column.value(record) for column in columns] for record in records]


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    # A leading = + - @ would be read as a formula by the spreadsheet program.
    if text[:1] in ("=", "+", "-", "@"):
        text = "'" + text
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def workbook_bytes(title: str, columns: Sequence[ExportColumn], rows: list[list[Any]]) -> bytes:
    """One sheet: a bold header row of Chinese column names, then the rows as text/numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append([str(column.header) for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(
    title: str, columns: Sequence[ExportColumn], rows: list[list[Any]], *, ascii_name: str
) -> HttpResponse:
    """The spreadsheet as a download named `<title>-<time>.xlsx`."""
    now = timezone.localtime()
    content = workbook_bytes(title, columns, rows)
    stamp = f"{now:%Y%m%d-%H%M%S}"
    return serve_bytes(
        content,
        f"{title}-{stamp}.xlsx",
        XLSX_CONTENT_TYPE,
        ascii_name=f"{ascii_name}-{stamp}.xlsx",
    )


def selected_ids(request: HttpRequest, limit: int) -> list[int] | None:
    """The row ids a bulk form sent (`ids`), each once, in order; None when more than
    `limit` (the caller says so and does nothing)."""
    out: list[int] = []
    for raw in request.POST.getlist("ids"):
        try:
            value = int(raw)
        except ValueError:
            continue
        if value > 0 and value not in out:
            out.append(value)
    return None if len(out) > limit else out
