"""继续教育 records: the applicant records hours with evidence; the chosen unit confirms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import make_pdf, make_png, upload
from orgs.models import BaseUnit
from training.models import TrainingRecord

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year - 1


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(unit: BaseUnit, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": YEAR,
        "category": "professional",
        "hours": "24",
        "content": "经济学前沿专题研修班",
        "unit_code": unit.uscc,
        "evidence": upload("证书.png", make_png(), "image/png"),
    }
    data.update(overrides)
    return data


def record(applicant: User, unit: BaseUnit, **fields: Any) -> TrainingRecord:
    values: dict[str, Any] = {
        "year": YEAR,
        "category": "public",
        "hours": Decimal("30"),
        "content": "公需科目网络课程",
        "evidence_name": "证书.pdf",
        "evidence_kind": "pdf",
    }
    values.update(fields)
    item = TrainingRecord(applicant=applicant, unit=unit, **values)
    from django.core.files.base import ContentFile

    item.evidence.save("e.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    return item


def test_it_records_hours(applicant: User, unit_a: BaseUnit) -> None:
    client = signed_in(applicant)
    response = client.post(reverse("training:mine"), form(unit_a))
    assert response.status_code == 302
    item = TrainingRecord.objects.get()
    assert (item.applicant, item.unit, item.year, item.hours) == (
        applicant,
        unit_a,
        YEAR,
        Decimal("24"),
    )
    assert item.status == TrainingRecord.Status.PENDING
    assert item.evidence_name == "证书.png"
    page = client.get(reverse("training:mine")).content.decode()
    assert "经济学前沿专题研修班" in page and "待单位确认" in page


def test_it_accepts_a_lowercase_unit_code(applicant: User, unit_b: BaseUnit) -> None:
    signed_in(applicant).post(
        reverse("training:mine"), form(unit_b, unit_code=" " + unit_b.uscc.lower())
    )
    assert TrainingRecord.objects.get().unit == unit_b


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"evidence": upload("scan.pdf", b"<html><script>alert(1)</script></html>")}, "只能上传"),
        ({"evidence": upload("scan.png", make_png()[:60])}, "已损坏"),
        ({"evidence": upload("empty.pdf", b"")}, "文件"),
        ({"evidence": upload("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))}, "不能超过 2MB"),
        ({"unit_code": "91650100MA77XXXXXX"}, "没有找到该统一社会信用代码"),
        ({"hours": "0"}, "学时应在 0.5 到 500 之间"),
        ({"hours": "abc"}, "请输入学时数"),
        ({"year": "1990"}, "请选择近十年内的年度"),
        ({"content": "<script>x</script>"}, "不能包含"),
        ({"content": "研修\u202e班"}, "控制字符"),
    ],
    ids=[
        "html-as-pdf",
        "truncated-png",
        "empty",
        "oversize",
        "unknown-unit",
        "zero",
        "nan",
        "old-year",
        "markup",
        "rlo",
    ],
)
def test_it_refuses_bad_input(
    applicant: User, unit_a: BaseUnit, overrides: dict[str, Any], message: str
) -> None:
    response = signed_in(applicant).post(reverse("training:mine"), form(unit_a, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TrainingRecord.objects.exists()


def test_it_suggests_the_unit_of_the_latest_application(
    applicant: User, draft: Any, unit_a: BaseUnit
) -> None:
    page = signed_in(applicant).get(reverse("training:mine")).content.decode()
    assert unit_a.uscc in page


def test_only_applicants_record(unit_admin: User) -> None:
    assert signed_in(unit_admin).get(reverse("training:mine")).status_code == 403


def test_unit_admin_sees_and_confirms_own_unit_records(
    applicant: User, unit_a: BaseUnit, unit_admin: User, other_unit_admin: User
) -> None:
    item = record(applicant, unit_a)
    assert (
        "公需科目网络课程" in signed_in(unit_admin).get(reverse("training:unit")).content.decode()
    )
    assert (
        "公需科目网络课程"
        not in signed_in(other_unit_admin).get(reverse("training:unit")).content.decode()
    )
    response = signed_in(unit_admin).post(
        reverse("training:review", args=[item.pk]), {"decision": "confirm"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == TrainingRecord.Status.CONFIRMED
    assert item.reviewed_by == unit_admin and item.reviewed_at is not None


def test_unit_admin_rejects_with_a_reason(
    applicant: User, unit_a: BaseUnit, unit_admin: User
) -> None:
    item = record(applicant, unit_a)
    client = signed_in(unit_admin)
    client.post(reverse("training:review", args=[item.pk]), {"decision": "reject", "reason": " "})
    item.refresh_from_db()
    assert item.status == TrainingRecord.Status.PENDING
    client.post(
        reverse("training:review", args=[item.pk]),
        {"decision": "reject", "reason": "证书与登记学时不符"},
    )
    item.refresh_from_db()
    assert (item.status, item.reason) == (TrainingRecord.Status.REJECTED, "证书与登记学时不符")
    page = signed_in(applicant).get(reverse("training:mine")).content.decode()
    assert "证书与登记学时不符" in page


def test_it_refuses_acting_twice(applicant: User, unit_a: BaseUnit, unit_admin: User) -> None:
    item = record(applicant, unit_a, status=TrainingRecord.Status.CONFIRMED)
    response = signed_in(unit_admin).post(
        reverse("training:review", args=[item.pk]),
        {"decision": "reject", "reason": "重新退回"},
        follow=True,
    )
    assert "该记录已办理" in response.content.decode()
    item.refresh_from_db()
    assert item.status == TrainingRecord.Status.CONFIRMED


def test_another_units_record_is_404(
    applicant: User, unit_a: BaseUnit, other_unit_admin: User
) -> None:
    item = record(applicant, unit_a)
    client = signed_in(other_unit_admin)
    assert (
        client.post(reverse("training:review", args=[item.pk]), {"decision": "confirm"}).status_code
        == 404
    )
    assert client.get(reverse("training:evidence", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.status == TrainingRecord.Status.PENDING


def test_evidence_is_served_to_its_applicant_and_unit_only(
    applicant: User, outsider: User, unit_a: BaseUnit, unit_admin: User, committee_staff: User
) -> None:
    item = record(applicant, unit_a)
    url = reverse("training:evidence", args=[item.pk])
    response = signed_in(applicant).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert signed_in(unit_admin).get(url).status_code == 200
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(committee_staff).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_applicant_deletes_an_unconfirmed_record_only(
    applicant: User, outsider: User, unit_a: BaseUnit
) -> None:
    pending = record(applicant, unit_a)
    confirmed = record(applicant, unit_a, status=TrainingRecord.Status.CONFIRMED)
    assert (
        signed_in(outsider).post(reverse("training:delete", args=[pending.pk])).status_code == 404
    )
    client = signed_in(applicant)
    client.post(reverse("training:delete", args=[confirmed.pk]))
    client.post(reverse("training:delete", args=[pending.pk]))
    assert list(TrainingRecord.objects.all()) == [confirmed]
