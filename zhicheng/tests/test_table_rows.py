"""A staff table's body (zhicheng/table_rows.py) is drawn exactly as django-tables2 draws it.

The fast drawing prepares each column once per page instead of once per cell; these tests
hold it to django-tables2's own code (`testing.tables.reference_cells`) for the column
kinds and render-method shapes the staff lists use and for the ones they could use, so an
upgrade of django-tables2 that changes how a cell is drawn shows up here.
"""

from __future__ import annotations

from typing import Any

import django_tables2 as tables  # type: ignore[import-untyped]
import pytest
from django.test import RequestFactory
from django.utils.html import format_html

from accounts.models import Role, User
from orgs.models import BaseUnit
from testing.people import APPLICANT_ID, OUTSIDER_ID, make_user
from testing.tables import reference_cells
from zhicheng.table_rows import body_cells, body_html
from zhicheng.tables import SelectColumn, StaffTable, configure

pytestmark = pytest.mark.django_db


class PeopleTable(StaffTable):
    select = SelectColumn()
    role = tables.Column()  # a field with choices: get_role_display()
    unit = tables.Column(accessor="unit__name")  # None without a unit: the default
    region = tables.Column(accessor="unit__region__name")
    # Drawn from the record, but still the default when the value is empty (no unit).
    place = tables.Column(accessor="unit__name")
    joined = tables.Column(accessor="date_joined")  # a datetime, localised by `{{ cell }}`
    active = tables.Column(accessor="is_active")
    name = tables.Column(
        accessor="real_name",
        attrs={"td": {"class": "n", "data-value": lambda value: value}},  # per row
    )
    counter = tables.Column(empty_values=(), accessor="pk", orderable=False)
    everything = tables.Column(empty_values=(), accessor="pk", orderable=False)
    unknown = tables.Column(empty_values=(), accessor="pk", orderable=False)
    template = tables.TemplateColumn(
        "{{ record.username }}/{{ value|default:'-' }}/{{ row_counter }}"
    )
    link = tables.Column(accessor="username", linkify=lambda record: f"/u/{record.pk}/")
    missing = tables.Column(accessor="no_such_attribute")
    method = tables.Column(accessor="get_full_name")  # a method is called
    mobile = tables.Column(attrs={"td": {"class": "m"}}, default="（无）")
    email = tables.Column(accessor="first_name", default=lambda: "（未填）")

    class Meta(StaffTable.Meta):
        row_attrs = {
            "id": lambda record: f"user-{record.pk}",
            "class": lambda table, record: "on" if record.is_active else "",
            "data-nothing": None,
        }

    def render_place(self, record: User) -> str:
        unit = record.unit
        assert unit is not None  # an empty place is the default, never rendered
        return f"{unit.region.name}·{unit.name}"

    def render_counter(self, bound_row: Any, table: Any) -> int:
        return int(bound_row.row_counter) + (table is self)

    def render_everything(self, **kwargs: Any) -> str:
        return format_html("<b>{}</b>", ",".join(sorted(kwargs)))

    def render_unknown(self, record: Any, nonsense: Any) -> str:  # never called: None
        return "called"

    def render_name(self, value: str, column: Any, bound_column: Any) -> str:
        return f"<{value}> {bound_column.name}"  # not safe: escaped


def people(unit: BaseUnit) -> None:
    make_user("p_staff", Role.UNIT_ADMIN, real_name="甲 & 乙", unit=unit, mobile="13800000000")
    make_user("p_none", Role.APPLICANT, real_name="", mobile="", id_number=APPLICANT_ID)
    idle = make_user(
        "p_idle", Role.APPLICANT, real_name='"引号"', mobile="13900000000", id_number=OUTSIDER_ID
    )
    idle.is_active = False
    idle.save()


def table(**kwargs: Any) -> PeopleTable:
    return PeopleTable(User.objects.filter(username__startswith="p_").order_by("pk"), **kwargs)


def test_every_cell_is_what_django_tables2_draws(unit_a: BaseUnit) -> None:
    people(unit_a)
    mine, theirs = body_cells(table()), reference_cells(table())
    assert len(mine) == 3
    assert mine == theirs


def test_a_paginated_and_sorted_page_is_the_same(unit_a: BaseUnit) -> None:
    people(unit_a)
    request = RequestFactory().get("/", {"sort": "-role", "page": "1", "per_page": "20"})
    mine = configure(request, table())
    theirs = configure(request, table())
    assert body_cells(mine) == reference_cells(theirs)


def test_records_that_are_not_models_are_drawn_the_same() -> None:
    class Plain(StaffTable):
        a = tables.Column()
        b = tables.Column()
        c = tables.Column(accessor="c__d")
        e = tables.Column(accessor="a__real")

    data = [{"a": 1, "b": None, "c": {"d": "<x>"}}, {"a": "", "b": 0, "c": {}}]
    assert body_cells(Plain(data)) == reference_cells(Plain(data))


def test_the_body_is_laid_out_as_the_template_laid_it_out(unit_a: BaseUnit) -> None:
    people(unit_a)
    html = body_html(table())
    expected = "".join(
        "\n  <tr {}>\n    {}\n  </tr>\n  ".format(
            attrs, "".join(f"{td}{c}</td>" for td, c in cells)
        )
        for attrs, cells in reference_cells(table())
    )
    assert html == expected
    assert body_html(PeopleTable(User.objects.none())) == ""


def test_the_row_checkbox_is_django_tables2s(unit_a: BaseUnit) -> None:
    people(unit_a)
    column = SelectColumn(form_id="papers-form")
    bound = PeopleTable(User.objects.none()).columns["select"]
    for user in User.objects.filter(username__startswith="p_"):
        assert column.render(user.pk, bound, user) == tables.CheckBoxColumn.render(
            column, user.pk, bound, user
        )
