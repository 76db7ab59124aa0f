"""系统设置 changes, role changes, exports and certificate revocations in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from audit.models import AuditEvent
from audit.tests.helpers import IP, facts, only
from certificates.models import Certificate
from orgs.models import Department, Region, ReviewCommittee
from results.models import Meeting
from sysadmin.tests.helpers import formset

pytestmark = pytest.mark.django_db
A = AuditEvent.Action


def test_a_settings_change_is_recorded_once_with_what_changed(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    client.force_login(hr_admin)
    data: dict[str, Any] = {
        "name": "喀什地区中小学教师评审委员会",
        "region": str(regions["kashgar"].pk),
        "address": "",
        "paper_deadline": "",
        "paper_contents": "",
        "paper_binding": "",
        "is_active": "on",
        "version": "",
        **formset("contacts", []),
    }
    response = client.post(reverse("sysadmin:committee_create"), data, REMOTE_ADDR=IP)
    assert response.status_code == 302
    committee = ReviewCommittee.objects.get(name="喀什地区中小学教师评审委员会")
    row = only(A.SETTINGS_CHANGED)
    assert facts(row) == {
        "actor": hr_admin.pk,
        "actor_name": "hr_admin",
        "role": "hr_admin",
        "action": "settings_changed",
        "target": f"评审委员会 #{committee.pk}",
        "result": "ok",
        "ip": IP,  # from the request being handled: the action itself has no request
    }
    assert row.detail == "新增评审委员会：喀什地区中小学教师评审委员会"
    assert row.region == regions["xj"]


def test_a_refused_settings_change_writes_no_row(
    client: Client, hr_admin: User, committee: ReviewCommittee
) -> None:
    client.force_login(hr_admin)
    data: dict[str, Any] = {
        "name": committee.name,
        "region": str(committee.region_id),
        "address": "",
        "paper_deadline": "",
        "paper_contents": "",
        "paper_binding": "",
        "is_active": "on",
        "version": "stale-token",
        **formset("contacts", []),
    }
    response = client.post(reverse("sysadmin:committee_edit", args=[committee.pk]), data)
    assert "已被他人修改" in response.content.decode()
    assert not AuditEvent.objects.filter(action=A.SETTINGS_CHANGED).exists()


def admin_post_data(response: Any) -> dict[str, Any]:
    """What the admin change form would post back unchanged."""
    form = response.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(v) for v in value]
        elif value is not None:
            data[name] = str(value)
    return data


def test_a_role_and_flag_change_in_the_admin_is_recorded(
    client: Client, dept_reviewer: User, department: Department, regions: dict[str, Region]
) -> None:
    root = User.objects.create(username="root", role="hr_admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[dept_reviewer.pk])
    data = admin_post_data(client.get(url))
    data.pop("is_active", None)  # switched off
    data["is_staff"] = "on"
    response = client.post(url, data, REMOTE_ADDR=IP)
    assert response.status_code == 302, response.content.decode()[:3000]
    dept_reviewer.refresh_from_db()
    assert (dept_reviewer.is_active, dept_reviewer.is_staff) == (False, True)
    row = only(A.ROLE_CHANGED)
    assert facts(row) == {
        "actor": root.pk,
        "actor_name": "root",
        "role": "hr_admin",
        "action": "role_changed",
        "target": "dept_reviewer",
        "result": "ok",
        "ip": IP,
    }
    assert row.detail == "启用：是 → 否；职员状态：否 → 是"
    assert only(A.ADMIN_CHANGED).target.startswith(f"用户 #{dept_reviewer.pk}")


def test_an_unchanged_save_in_the_admin_records_no_role_change(
    client: Client, dept_reviewer: User
) -> None:
    root = User.objects.create(username="root", role="hr_admin", is_staff=True, is_superuser=True)
    client.force_login(root)
    url = reverse("admin:accounts_user_change", args=[dept_reviewer.pk])
    client.post(url, admin_post_data(client.get(url)))
    assert not AuditEvent.objects.filter(action=A.ROLE_CHANGED).exists()


def test_the_meeting_sheet_export_is_recorded(
    client: Client,
    committee_staff: User,
    meeting: Meeting,  # noqa: F811
) -> None:
    client.force_login(committee_staff)
    response = client.get(reverse("results:meeting_template", args=[meeting.pk]), REMOTE_ADDR=IP)
    assert response.status_code == 200
    row = only(A.EXPORTED)
    assert facts(row) == {
        "actor": committee_staff.pk,
        "actor_name": "committee_staff",
        "role": "committee_staff",
        "action": "exported",
        "target": f"会议评审结果-{meeting.year}-{meeting.pk}.xlsx",
        "result": "ok",
        "ip": IP,
    }
    assert row.detail == "会议评审结果模板，0 行"


def test_a_revocation_is_recorded(
    client: Client,
    committee_staff: User,
    certificate: Certificate,  # noqa: F811
) -> None:
    client.force_login(committee_staff)
    client.post(
        reverse("certificates:revoke", args=[certificate.pk]),
        {"reason": "经核查，申报材料不实。"},
        REMOTE_ADDR=IP,
    )
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    row = only(A.CERTIFICATE_REVOKED)
    assert facts(row) == {
        "actor": committee_staff.pk,
        "actor_name": "committee_staff",
        "role": "committee_staff",
        "action": "certificate_revoked",
        "target": "XJ650100-2026-000001 张三",
        "result": "ok",
        "ip": IP,
    }
    assert row.detail == "经核查，申报材料不实。"
    assert row.region is not None and row.region.name == "乌鲁木齐市"
