"""A staff table's body drawn as django-tables2 draws it, without its per-cell machinery.

django-tables2 draws a cell by binding `inspect.signature` of the column's render method to
six candidate arguments, resolving the accessor (twice: once for a `get_FOO_display`, once
for the value), and rendering the `<td>`'s attributes through `AttributeDict` — for every
cell (≈160 on a queue page, the larger part of the page's time; ADR 0036). Here each of
those is decided once per column and page (`ColumnPlan`), and every row then only calls the
render method with the arguments it takes. What comes out is what django-tables2 gives:
`zhicheng/tests/test_table_rows.py` compares the two cell by cell for every staff table.

Whatever this module does not reproduce exactly (linked columns, many-to-many columns,
pinned rows, `<td>` or row attributes that are nested or computed from the row in a way not
handled here) goes through django-tables2's own code for that column or row.
"""

from __future__ import annotations

import types
import weakref
from collections.abc import Callable
from typing import Any

from django.db import models
from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe
from django_tables2.columns.linkcolumn import BaseLinkColumn  # type: ignore[import-untyped]
from django_tables2.columns.manytomanycolumn import (  # type: ignore[import-untyped]
    ManyToManyColumn,
)
from django_tables2.rows import BoundPinnedRow  # type: ignore[import-untyped]
from django_tables2.utils import AttributeDict, signature  # type: ignore[import-untyped]

# What django-tables2 offers a render method (`BoundRow._optional_cell_arguments`) and a
# row attribute's callable (`BoundRow.attrs`).
CELL_ARGUMENTS = ("value", "record", "column", "bound_column", "bound_row", "table")
ROW_ARGUMENTS = ("table", "record")

# The context `{{ cell }}` is rendered in by the table's template: autoescape on, the
# project's localisation and time zone settings (None: use the settings).
_CONTEXT = Context()


# Signatures by function: a table's render methods and row-attribute callables are the same
# functions on every request (bound to a new table each time), so each is read once.
_SIGNATURES: weakref.WeakKeyDictionary[Any, dict[bool, tuple[tuple[str, ...], str | None]]] = (
    weakref.WeakKeyDictionary()
)


def arguments(fn: Callable[..., Any]) -> tuple[tuple[str, ...], str | None]:
    """`django_tables2.utils.signature`: the names of the arguments `fn` takes (without the
    `self` of a bound method) and the name of its **kwargs catch-all, if any."""
    func = getattr(fn, "__func__", fn)
    if not isinstance(func, types.FunctionType):
        return signature(fn)
    by_kind = _SIGNATURES.setdefault(func, {})
    bound = func is not fn
    if bound not in by_kind:
        by_kind[bound] = signature(fn)
    return by_kind[bound]


def prepared(fn: Callable[..., Any], offered: tuple[str, ...]) -> Callable[[dict[str, Any]], Any]:
    """`django_tables2.utils.call_with_appropriate` with the signature read once: a callable
    taking the offered arguments as a dict and calling `fn` with those it names (all, when
    it takes **kwargs); None without calling it when it names one that is not offered."""
    args, catch_all = arguments(fn)
    if catch_all:
        return lambda kwargs: fn(**kwargs)
    if any(arg not in offered for arg in args):
        return lambda kwargs: None
    names = tuple(args)
    return lambda kwargs: fn(**{name: kwargs[name] for name in names})


def cell_html(value: Any) -> str:
    """`{{ cell }}` in the table's template: safe text as it is, anything else localised,
    turned into text and escaped."""
    if isinstance(value, str):
        return value if isinstance(value, SafeData) else escape(value)
    return str(render_value_in_context(value, _CONTEXT))


def _has_callable(attrs: Any) -> bool:
    if isinstance(attrs, dict):
        return any(callable(v) or _has_callable(v) for v in attrs.values())
    return False


class ColumnPlan:
    """How one bound column draws its cells on this page."""

    def __init__(self, bound_column: Any) -> None:
        column = bound_column.column
        table = bound_column._table
        self.bound_column = bound_column
        self.column = column
        self.name = bound_column.name
        # Columns whose cells django-tables2 draws in ways not reproduced here.
        self.fallback = bool(
            bound_column.link
            or isinstance(column, (ManyToManyColumn, BaseLinkColumn))
            or self.accessor_has_arguments(bound_column.accessor)
        )
        # The <td>'s attributes are drawn once unless one of them is computed from the row.
        td_source = {**dict(table.attrs), **dict(column.attrs)}
        self.td_per_row = _has_callable(td_source.get("td", td_source.get("cell", {})))
        self.td = "" if self.td_per_row else self.td_open(bound_column)
        self.empty_values = column.empty_values
        # A callable default is called for every empty cell, as django-tables2 does.
        self.default_varies = callable(getattr(column, "_default", None))
        self.default = None if self.default_varies else bound_column.default
        self.render = prepared(bound_column.render, CELL_ARGUMENTS)
        args, catch_all = arguments(bound_column.render)
        self.wants = CELL_ARGUMENTS if catch_all else tuple(a for a in args if a in CELL_ARGUMENTS)
        # The value matters to the render call or to the empty check; a column that takes
        # every value (`empty_values=()`) and does not ask for it never needs it resolved.
        self.needs_value = bool(self.empty_values) or "value" in self.wants
        accessor = bound_column.accessor
        self.accessor = accessor
        self.bits = tuple(accessor.bits)
        self.path = self.bits[:-1]
        self.remainder = self.bits[-1] if self.bits else ""
        self.display_name = f"get_{self.remainder}_display"
        self._choices: dict[type, bool] = {}

    @staticmethod
    def accessor_has_arguments(accessor: Any) -> bool:
        return bool(accessor.callable_args or accessor.callable_kwargs)

    @staticmethod
    def td_open(bound_column: Any) -> str:
        attrs = bound_column.attrs["td"].as_html()
        return f"<td {attrs}>" if attrs else "<td>"

    def _has_choices(self, record: Any) -> bool:
        """Whether the accessor ends on a model field with choices (django-tables2 then draws
        `get_FOO_display()`); a property of the record's model, so read once per model."""
        kind = type(record)
        known = self._choices.get(kind)
        if known is None:
            field = self.accessor.get_field(record)
            known = self._choices[kind] = bool(getattr(field, "choices", ()))
        return known

    def _resolve(self, record: Any, bits: tuple[str, ...]) -> Any:
        """`Accessor.resolve` for attribute paths through model instances (which have no
        item lookup, so django-tables2 falls through to `getattr`); anything else is left
        to django-tables2's own resolver."""
        current = record
        for bit in bits:
            if not isinstance(current, models.Model) or hasattr(type(current), "__getitem__"):
                return type(self.accessor)(self.accessor.SEPARATOR.join(bits)).resolve(record)
            current = getattr(current, bit)
            if callable(current):
                if getattr(current, "alters_data", False):
                    raise ValueError(bit)  # django-tables2 refuses too; the cell is empty
                if not getattr(current, "do_not_call_in_templates", False):
                    current = current()
            if current is None:
                break
        return current

    def value(self, record: Any) -> Any:
        """The cell's value as `BoundRow._get_and_render_with` finds it."""
        if isinstance(record, models.Model) and self._has_choices(record):
            try:
                penultimate = self._resolve(record, self.path)
            except Exception:
                penultimate = None
            if isinstance(penultimate, models.Model):
                display = getattr(penultimate, self.display_name, None)
                if display:
                    return display()
        if not self.remainder:
            return None
        try:
            return self._resolve(record, self.bits)
        except Exception:
            return None

    def cell(self, row: Any, record: Any, table: Any) -> tuple[str, str]:
        """(the opening <td>, the cell's HTML) of this column in `row`."""
        if self.fallback:
            content = row.get_cell(self.name)
        else:
            value = self.value(record) if self.needs_value else None
            if self.needs_value and value in self.empty_values:
                content = self.bound_column.default if self.default_varies else self.default
            else:
                content = self.render(
                    {
                        "value": value,
                        "record": record,
                        "column": self.column,
                        "bound_column": self.bound_column,
                        "bound_row": row,
                        "table": table,
                    }
                )
        td = self.td
        if self.td_per_row:
            # As `BoundRow.items()` leaves them for `BoundColumn.attrs`.
            self.bound_column.current_value = content
            self.bound_column.current_record = record
            td = self.td_open(self.bound_column)
        return td, cell_html(content)


class RowAttrs:
    """A row's `<tr>` attributes as `BoundRow.attrs` draws them (`even`/`odd` added to the
    class), with each callable's signature read once."""

    def __init__(self, table: Any) -> None:
        attrs = dict(table.row_attrs)
        self.fallback = any(isinstance(v, dict) for v in attrs.values())
        self.items = [
            (key, prepared(v, ROW_ARGUMENTS) if callable(v) else None, v)
            for key, v in attrs.items()
        ]
        self.has_class = "class" in attrs

    def html(self, row: Any, table: Any) -> str:
        if self.fallback or isinstance(row, BoundPinnedRow):
            return str(row.attrs.as_html())
        kwargs = {"table": table, "record": row.record}
        values = {key: (call(kwargs) if call is not None else v) for key, call, v in self.items}
        css = row.get_even_odd_css_class()
        values["class"] = f"{values['class']} {css}" if values.get("class") else css
        return _join(values)


def _join(values: dict[str, Any]) -> str:
    """`AttributeDict.as_html`: `key="value"` pairs, escaped; a callable value called, None
    and the table's own keys (th, td …) left out."""
    pairs = ((key, v() if callable(v) else v) for key, v in values.items())
    return " ".join(
        f'{conditional_escape(key)}="{conditional_escape(value)}"'
        for key, value in pairs
        if key not in AttributeDict.blacklist and value is not None
    )


def body_cells(table: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """The page's rows as (the <tr>'s attributes, [(the opening <td>, the cell's HTML)])."""
    rows = list(table.paginated_rows)
    if not rows:
        return []
    plans = [ColumnPlan(bound_column) for bound_column in table.columns]
    row_attrs = RowAttrs(table)
    out = []
    for row in rows:
        record = row.record
        if isinstance(row, BoundPinnedRow):
            cells = [
                (ColumnPlan.td_open(column), cell_html(content)) for column, content in row.items()
            ]
        else:
            cells = [plan.cell(row, record, table) for plan in plans]
        out.append((row_attrs.html(row, table), cells))
    return out


def body_html(table: Any) -> SafeString:
    """The rows of `<tbody>`, laid out as the table's template used to lay them out."""
    parts = []
    for attrs, cells in body_cells(table):
        tr = f"<tr {attrs}>" if attrs else "<tr>"
        tds = "".join(f"{td}{content}</td>" for td, content in cells)
        parts.append(f"\n  {tr}\n    {tds}\n  </tr>\n  ")
    # Every piece is escaped or safe HTML already: attributes through `conditional_escape`
    # (`_join`, `AttributeDict.as_html`), cells through `cell_html`.
    return mark_safe("".join(parts))  # noqa: S308
