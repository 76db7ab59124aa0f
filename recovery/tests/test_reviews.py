"""hr_admin's 账号找回审核: approve (a reset link goes out) or reject with a reason."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID, PASSWORD, make_png, upload
from recovery.models import Appeal, ResetGrant
from recovery.tests.conftest import NEW_PASSWORD, link_in, signs_in
from recovery.tests.test_appeals import person_fields, unit_fields

pytestmark = pytest.mark.django_db
LIST = reverse("recovery:reviews")


@pytest.fixture
def person_appeal(client: Client, applicant: User) -> Appeal:
    client.post(reverse("recovery:appeal"), person_fields())
    return Appeal.objects.get(kind="person")


@pytest.fixture
def unit_appeal(client: Client, unit_admin: User) -> Appeal:
    client.post(reverse("recovery:unit_appeal"), unit_fields())
    return Appeal.objects.get(kind="unit")


@pytest.fixture
def hr(client: Client, hr_admin: User) -> Client:
    staff = Client()
    staff.force_login(hr_admin)
    return staff


def test_hr_admin_sees_pending_appeals_with_a_masked_id(hr: Client, person_appeal: Appeal) -> None:
    page = hr.get(LIST).content.decode()
    assert "张三" in page and "6501**********1239" in page
    assert APPLICANT_ID not in page
    detail = hr.get(reverse("recovery:review", args=[person_appeal.pk])).content.decode()
    assert "zhangsan" in detail and APPLICANT_ID not in detail


def test_hr_admin_opens_the_scan(hr: Client, person_appeal: Appeal) -> None:
    response = hr.get(reverse("recovery:scan", args=[person_appeal.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_approving_sends_a_link_that_resets_the_password(
    hr: Client, client: Client, person_appeal: Appeal, hr_admin: User, sms, commit
) -> None:
    with commit():
        response = hr.post(reverse("recovery:approve", args=[person_appeal.pk]))
    assert response["Location"] == LIST
    person_appeal.refresh_from_db()
    assert person_appeal.status == "approved" and person_appeal.decided_by == hr_admin
    assert sms[0][0] == "13911112222" and "zhangsan" in sms[0][1]
    assert mail.outbox[0].to == ["new@example.cn"]
    link = link_in(sms[0][1])
    assert link == link_in(str(mail.outbox[0].body))
    assert "zhangsan" in client.get(link).content.decode()
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert signs_in("zhangsan", NEW_PASSWORD)
    assert ResetGrant.objects.get().via == "appeal"


def test_approving_a_unit_appeal_makes_the_new_contact_the_accounts(
    hr: Client, unit_appeal: Appeal, unit_admin: User, sms, commit
) -> None:
    with commit():
        hr.post(reverse("recovery:approve", args=[unit_appeal.pk]))
    unit_admin.refresh_from_db()
    assert unit_admin.mobile == "13933334444" and unit_admin.email == "hr@xjufe.example.cn"
    assert "unit_a_admin" in sms[0][1]
    client = Client()
    client.post(link_in(sms[0][1]), {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert signs_in("unit_a_admin", NEW_PASSWORD)


def test_rejecting_records_the_reason_and_tells_the_applicant(
    hr: Client, person_appeal: Appeal, sms, commit
) -> None:
    with commit():
        response = hr.post(
            reverse("recovery:reject", args=[person_appeal.pk]), {"reason": "身份证图像不清晰"}
        )
    assert response["Location"] == LIST
    person_appeal.refresh_from_db()
    assert person_appeal.status == "rejected" and person_appeal.reason == "身份证图像不清晰"
    assert "身份证图像不清晰" in sms[0][1]
    assert not ResetGrant.objects.exists()
    assert signs_in("zhangsan", PASSWORD)


def test_a_reject_needs_a_reason(hr: Client, person_appeal: Appeal) -> None:
    response = hr.post(reverse("recovery:reject", args=[person_appeal.pk]), {"reason": "   "})
    assert "请" in response.content.decode() and 'id="field-reason"' in response.content.decode()
    person_appeal.refresh_from_db()
    assert person_appeal.status == "pending"


def test_a_decided_appeal_cannot_be_decided_again(hr: Client, person_appeal: Appeal) -> None:
    hr.post(reverse("recovery:approve", args=[person_appeal.pk]))
    response = hr.post(reverse("recovery:reject", args=[person_appeal.pk]), {"reason": "重复操作"})
    assert response.status_code == 302
    assert "该申诉已处理" in hr.get(response["Location"]).content.decode()
    person_appeal.refresh_from_db()
    assert person_appeal.status == "approved" and person_appeal.reason == ""
    again = hr.post(reverse("recovery:approve", args=[person_appeal.pk]))
    assert "该申诉已处理" in hr.get(again["Location"]).content.decode()
    assert ResetGrant.objects.count() == 1


def test_an_appeal_matching_no_account_can_only_be_rejected(
    hr: Client, client: Client, applicant: User
) -> None:
    client.post(reverse("recovery:appeal"), person_fields(real_name="王五"))
    appeal = Appeal.objects.get()
    detail = hr.get(reverse("recovery:review", args=[appeal.pk])).content.decode()
    assert "没有与申诉信息相符的账号" in detail
    response = hr.post(reverse("recovery:approve", args=[appeal.pk]))
    assert "只能驳回" in hr.get(response["Location"]).content.decode()
    appeal.refresh_from_db()
    assert appeal.status == "pending"


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_get_403(
    request: pytest.FixtureRequest, person_appeal: Appeal, who: str
) -> None:
    other = Client()
    other.force_login(request.getfixturevalue(who))
    for url in (
        LIST,
        reverse("recovery:review", args=[person_appeal.pk]),
        reverse("recovery:scan", args=[person_appeal.pk]),
    ):
        assert other.get(url).status_code == 403
    assert other.post(reverse("recovery:approve", args=[person_appeal.pk])).status_code == 403
    person_appeal.refresh_from_db()
    assert person_appeal.status == "pending"


def test_anonymous_visitors_are_sent_to_sign_in(person_appeal: Appeal) -> None:
    response = Client().get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_prefecture_hr_admin_sees_only_its_units(
    person_appeal: Appeal, unit_appeal: Appeal, hr_admin: User, regions
) -> None:
    hr_admin.admin_region = regions["kashgar"]
    hr_admin.save()
    staff = Client()
    staff.force_login(hr_admin)
    assert staff.get(reverse("recovery:review", args=[person_appeal.pk])).status_code == 404
    assert staff.get(reverse("recovery:review", args=[unit_appeal.pk])).status_code == 404
    hr_admin.admin_region = regions["urumqi"]
    hr_admin.save()
    assert staff.get(reverse("recovery:review", args=[unit_appeal.pk])).status_code == 200


def test_the_menu_offers_the_review_list(hr: Client) -> None:
    assert LIST in hr.get(reverse("accounts:home")).content.decode()


def test_uploaded_image_keeps_a_safe_name(hr: Client, client: Client, applicant: User) -> None:
    client.post(
        reverse("recovery:appeal"), person_fields(scan=upload("../../身份证.pdf.png", make_png()))
    )
    assert Appeal.objects.get().scan_name == "身份证.png"
