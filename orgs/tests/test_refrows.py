"""Reference rows kept per process under the reference stamp (orgs.refrows, catalog.stamp,
docs/adr/0042-reference-rows.md): every kind of write to a watched table changes the stamp in
its own transaction, a page drawn after it shows the write, and a rolled-back write leaves
nothing behind."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from catalog import stamp
from catalog.models import Series, Title
from orgs import refrows
from orgs.models import ApplicationWindow, Contact, Department, Region, ReviewCommittee
from testing.pages import signed_in, text

pytestmark = pytest.mark.django_db

LIST = reverse("applications:list")


def test_every_kind_of_write_to_a_watched_table_changes_the_stamp(
    committee: ReviewCommittee, department: Department, series: Series
) -> None:
    seen = {stamp.read()}
    assert None not in seen

    def changed() -> bool:
        now = stamp.read()
        fresh = now not in seen
        seen.add(now)
        return fresh

    committee.name = "改名后的评审委员会"
    committee.save()  # save()
    assert changed()
    ReviewCommittee.objects.filter(pk=committee.pk).update(address="新地址")  # update()
    assert changed()
    Contact.objects.bulk_create([Contact(department=department, name="甲", phone="1")])
    assert changed()
    Contact.objects.filter(department=department).delete()  # delete()
    assert changed()
    Title.objects.create(series=series, level=1, name="新职称")  # the catalogue too
    assert changed()
    with connection.cursor() as cursor:  # a hand-typed SQL fix
        cursor.execute("UPDATE orgs_department SET address = 'x' WHERE id = %s", [department.pk])
    assert changed()


def test_a_write_to_another_table_leaves_the_stamp(draft: Application) -> None:
    before = stamp.read()
    Application.objects.filter(pk=draft.pk).update(number="RSSQX99999")
    draft.applicant.save()
    assert stamp.read() == before


def test_the_rows_are_kept_while_the_stamp_stands_and_read_again_after_a_write(
    committee: ReviewCommittee,
) -> None:
    first = refrows.rows()
    assert refrows.rows() is first  # kept: one stamp read
    with CaptureQueriesContext(connection) as queries:
        refrows.rows()
    assert len(queries) == 1
    ReviewCommittee.objects.filter(pk=committee.pk).update(name="新名称")
    again = refrows.rows()
    assert again is not first
    assert again.committees[committee.pk].name == "新名称"
    assert first.committees[committee.pk].name != "新名称"  # what was handed out is not changed


def test_a_rolled_back_write_leaves_nothing_kept(committee: ReviewCommittee) -> None:
    refrows.rows()
    before = stamp.read()
    with pytest.raises(RuntimeError), transaction.atomic():
        ReviewCommittee.objects.filter(pk=committee.pk).update(name="未提交的名称")
        # Read inside the write's transaction: kept under the stamp only that transaction saw.
        assert refrows.rows().committees[committee.pk].name == "未提交的名称"
        raise RuntimeError
    assert stamp.read() == before
    assert refrows.rows().committees[committee.pk].name != "未提交的名称"


def test_no_stamp_row_means_nothing_is_kept(committee: ReviewCommittee) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM catalog_referencestamp")
    assert stamp.read() is None
    assert refrows.rows() is not refrows.rows()  # read every time, never kept


def test_a_page_shows_a_window_moved_and_a_contact_added_by_queryset_writes(
    client: Client, draft: Application
) -> None:
    page = signed_in(client, draft.applicant)
    assert "距提交截止还有7天" in text(page.get(LIST))
    later = ApplicationWindow.objects.filter(committee=draft.committee).first()
    assert later is not None
    ApplicationWindow.objects.filter(pk=later.pk).update(
        closes_at=later.closes_at + timedelta(days=3)
    )
    Contact.objects.bulk_create(
        [Contact(committee=draft.committee, name="孙老师", phone="0991-5552222")]
    )
    html = text(page.get(LIST))
    assert "距提交截止还有10天" in html
    assert "孙老师" in html


def test_shared_rows_carry_their_related_rows(
    committee: ReviewCommittee, regions: dict[str, Region]
) -> None:
    rows = refrows.rows()
    kept = rows.committees[committee.pk]
    with CaptureQueriesContext(connection) as queries:
        assert kept.region.name
        list(kept.windows.all())
        list(kept.contacts.all())
        list(kept.fee_rules.all())
        assert isinstance(kept.current_chains, list)  # type: ignore[attr-defined]
        for department in rows.departments.values():
            list(department.contacts.all())
            assert department.region.name
        for title in rows.titles.values():
            assert title.series.name
    assert queries.captured_queries == []


def test_every_table_the_rows_come_from_is_watched() -> None:
    from catalog.models import EligibilityRule, Specialty
    from orgs.models import ChainNode, FeeRule, ReviewChain

    loaded = [Region, Series, Title, Specialty, ReviewCommittee, ApplicationWindow, Contact]
    loaded += [FeeRule, ReviewChain, ChainNode, Department, EligibilityRule]
    assert {m._meta.db_table for m in loaded} <= set(stamp.watched_tables())


def test_a_row_missing_from_the_kept_copy_is_read_by_its_foreign_key(
    draft: Application, monkeypatch: pytest.MonkeyPatch
) -> None:
    from applications import display

    monkeypatch.setattr(refrows, "rows", lambda: refrows.Rows(None, {}, {}, {}, {}, {}, {}))
    app = display.for_list(Application.objects.filter(pk=draft.pk)).get()
    assert app.title.name == draft.title.name
    assert app.committee.name == draft.committee.name
    assert app.unit.region.name == draft.unit.region.name


def test_the_eligibility_rule_of_a_year_is_the_kept_rows_own_and_follows_a_change(
    draft: Application,
) -> None:
    from applications import display, eligibility
    from catalog.models import EligibilityRule
    from catalog.rules import rule_for

    older = EligibilityRule.objects.create(
        series_id=draft.series_id, level=draft.level, year=draft.year - 2, min_education=""
    )
    app = display.for_list(Application.objects.filter(pk=draft.pk)).get()
    ref = display.reference_of(app)
    assert ref is not None
    for year in (draft.year - 3, draft.year - 2, draft.year, draft.year + 5):
        kept = refrows.eligibility_rule(ref, draft.series_id, draft.level, year)
        assert kept == rule_for(draft.series_id, draft.level, year), year
    assert eligibility.precheck(app).rule == older
    # A rule of the application's own year, added by a queryset write: the next page sees it.
    newer = EligibilityRule.objects.bulk_create(
        [EligibilityRule(series_id=draft.series_id, level=draft.level, year=draft.year)]
    )[0]
    app = display.for_list(Application.objects.filter(pk=draft.pk)).get()
    assert eligibility.precheck(app).rule == newer
