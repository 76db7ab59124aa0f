"""The 继续教育 rule per series, and the one check it adds to 提交至工作单位."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from applications import actions
from applications.models import Application, HistoryEntry, Status
from catalog.models import Series
from conftest import make_pdf
from lib.refusal import Refused
from orgs.models import BaseUnit
from training.models import TrainingRecord, TrainingRule
from training.rules import missing

pytestmark = pytest.mark.django_db


def confirmed(applicant: User, unit: BaseUnit, year: int, hours: str, **fields: Any) -> None:
    item = TrainingRecord(
        applicant=applicant,
        unit=unit,
        year=year,
        category=fields.get("category", "professional"),
        hours=Decimal(hours),
        content="专业科目培训",
        evidence_name="证书.pdf",
        evidence_kind="pdf",
        status=fields.get("status", TrainingRecord.Status.CONFIRMED),
    )
    item.evidence.save("e.pdf", ContentFile(make_pdf()), save=False)
    item.save()


def test_no_rule_means_no_requirement(filled: Application) -> None:
    assert missing(filled.applicant_id, filled.series_id, filled.year) == []


def test_it_names_each_short_year(filled: Application, series: Series, unit_a: BaseUnit) -> None:
    TrainingRule.objects.create(series=series, hours_per_year=90, years=3)
    year = filled.year
    confirmed(filled.applicant, unit_a, year - 1, "60")
    confirmed(filled.applicant, unit_a, year - 1, "30", category="public")
    confirmed(filled.applicant, unit_a, year - 2, "89.5")
    confirmed(filled.applicant, unit_a, year - 3, "90", status=TrainingRecord.Status.PENDING)
    confirmed(filled.applicant, unit_a, year, "200")  # the application year itself does not count
    assert missing(filled.applicant_id, filled.series_id, filled.year) == [
        f"{year - 3} 年已确认 0 学时，应不少于 90 学时",
        f"{year - 2} 年已确认 89.5 学时，应不少于 90 学时",
    ]


def test_other_peoples_hours_do_not_count(
    filled: Application, series: Series, unit_a: BaseUnit, outsider: User
) -> None:
    TrainingRule.objects.create(series=series, hours_per_year=10, years=1)
    confirmed(outsider, unit_a, filled.year - 1, "50")
    assert len(missing(filled.applicant_id, filled.series_id, filled.year)) == 1


def test_missing_hours_block_submission_and_nothing_changes(
    filled: Application, series: Series, unit_a: BaseUnit
) -> None:
    TrainingRule.objects.create(series=series, hours_per_year=72, years=2)
    confirmed(filled.applicant, unit_a, filled.year - 1, "72")
    before = (filled.status, filled.submission_count, filled.version, filled.position)
    history = HistoryEntry.objects.count()
    with pytest.raises(Refused) as exc:
        actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert exc.value.message == (
        f"继续教育学时不足：{filled.year - 2} 年已确认 0 学时，应不少于 72 学时。"
    )
    filled.refresh_from_db()
    assert (filled.status, filled.submission_count, filled.version, filled.position) == before
    assert HistoryEntry.objects.count() == history


def test_the_submit_page_shows_the_message(
    filled: Application, series: Series, client: Any
) -> None:
    from django.urls import reverse

    TrainingRule.objects.create(series=series, hours_per_year=72, years=1)
    client.force_login(filled.applicant)
    response = client.post(
        reverse("applications:submit", args=[filled.pk]),
        {"version": filled.version},
        follow=True,
    )
    assert "继续教育学时不足" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == Status.DRAFT and filled.submission_count == 0


def test_enough_confirmed_hours_let_it_through(
    filled: Application, series: Series, unit_a: BaseUnit
) -> None:
    TrainingRule.objects.create(series=series, hours_per_year=72, years=2)
    confirmed(filled.applicant, unit_a, filled.year - 1, "72")
    confirmed(filled.applicant, unit_a, filled.year - 2, "100")
    app = actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert app.status == Status.IN_REVIEW and app.submission_count == 1
