"""django-tables2's own drawing of a table's body, to hold zhicheng/table_rows.py to it."""

from __future__ import annotations

from typing import Any

from django.template import Context, Template

# How django-tables2's templates draw a cell and its <td>: `{{ cell }}` and the column's
# `attrs.td.as_html`, read while `BoundRow.items()` has the cell in hand.
_CELL = Template("{{ cell }}")


def reference_cells(table: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The page's rows as django-tables2 draws them: (the <tr>'s attributes, [(the opening
    <td>, the cell's HTML)]), in the shape of `zhicheng.table_rows.body_cells`."""
    out = []
    for row in table.paginated_rows:
        cells = []
        for column, cell in row.items():
            attrs = column.attrs["td"].as_html()
            td = f"<td {attrs}>" if attrs else "<td>"
            cells.append((td, str(_CELL.render(Context({"cell": cell})))))
        out.append((str(row.attrs.as_html()), cells))
    return out
