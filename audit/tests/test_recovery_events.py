"""Password recovery and decided account appeals (ID-card reviews) in the audit log."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from audit.tests.helpers import IP, every_value, facts, only
from conftest import APPLICANT_ID, make_png
from lib.files import CheckedUpload
from lib.refusal import Refused
from orgs.models import BaseUnit
from recovery import actions
from recovery.models import Appeal

pytestmark = pytest.mark.django_db
A = AuditEvent.Action
SCAN = CheckedUpload(content=make_png(), kind="png", display_name="scan.png")


def test_a_recovered_password_is_recorded_without_the_token_or_password(
    client: Client, applicant: User
) -> None:
    token = actions.verify_identity(APPLICANT_ID, "张三", "13800000001")
    assert token
    response = client.post(
        reverse("recovery:reset", args=[token]),
        {"password1": "Kashgar@2027x", "password2": "Kashgar@2027x"},
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 200 and "zhangsan" in response.content.decode()
    row = only(A.PASSWORD_RECOVERED)
    assert facts(row) == {
        "actor": applicant.pk,
        "actor_name": "zhangsan",
        "role": "applicant",
        "action": "password_recovered",
        "target": "zhangsan",
        "result": "ok",
        "ip": IP,
    }
    assert row.detail == "方式：身份信息核验"
    assert token not in every_value() and "Kashgar@2027x" not in every_value()


def test_an_approved_id_card_appeal_is_recorded(
    client: Client, applicant: User, hr_admin: User
) -> None:
    appeal = actions.submit_person_appeal(
        actions.PersonAppealData(APPLICANT_ID, "张三", "13911112222", ""), SCAN
    )
    client.force_login(hr_admin)
    client.post(reverse("recovery:approve", args=[appeal.pk]), REMOTE_ADDR=IP)
    assert Appeal.objects.get().status == Appeal.Status.APPROVED
    row = only(A.APPEAL_DECIDED)
    assert facts(row) == {
        "actor": hr_admin.pk,
        "actor_name": "hr_admin",
        "role": "hr_admin",
        "action": "appeal_decided",
        "target": f"个人账号申诉 #{appeal.pk} 张三",
        "result": "ok",
        "ip": IP,
    }
    assert row.detail == "通过，重置链接已发送给申诉联系人"
    assert APPLICANT_ID not in every_value()


def test_a_rejected_unit_appeal_is_recorded_with_the_reason(
    client: Client, unit_admin: User, unit_a: BaseUnit, hr_admin: User
) -> None:
    appeal = actions.submit_unit_appeal(
        actions.UnitAppealData("新疆财经大学", unit_a.uscc, "赵新", "13933334444", ""), SCAN
    )
    client.force_login(hr_admin)
    client.post(
        reverse("recovery:reject", args=[appeal.pk]),
        {"reason": "营业执照与单位名称不符"},
        REMOTE_ADDR=IP,
    )
    row = only(A.APPEAL_DECIDED)
    assert (row.actor, row.role, row.target, row.result, row.ip_address) == (
        hr_admin,
        "hr_admin",
        f"单位账号申诉 #{appeal.pk} 新疆财经大学",
        "ok",
        IP,
    )
    assert row.detail == "驳回：营业执照与单位名称不符"


def test_a_refused_decision_writes_no_row(client: Client, applicant: User, hr_admin: User) -> None:
    appeal = actions.submit_person_appeal(
        actions.PersonAppealData(APPLICANT_ID, "张三", "13911112222", ""), SCAN
    )
    actions.reject_appeal(appeal.pk, hr_admin, "材料不清晰")
    with pytest.raises(Refused):
        actions.approve_appeal(appeal.pk, hr_admin, "http://testserver")
    assert AuditEvent.objects.filter(action=A.APPEAL_DECIDED).count() == 1
