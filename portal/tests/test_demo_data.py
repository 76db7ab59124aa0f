"""load_demo_data: demo units, open windows and one account per role, all idempotent."""

from __future__ import annotations

import datetime
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from PIL import Image
from stdnum.cn import uscc

from accounts.models import Role, User
from applications.models import Application
from lib.idcard import validate_id_number
from orgs.models import ApplicationWindow, BaseUnit, CommitteeScope, Region
from portal.demo import PASSWORD, USERS, DemoLogin, format_logins, load_demo_data
from portal.demo_applications import TEACHERS

pytestmark = pytest.mark.django_db

ROLES = {
    "demo_applicant": Role.APPLICANT,
    "demo_applicant2": Role.APPLICANT,
    "demo_unit": Role.UNIT_ADMIN,
    "demo_unit_kashgar": Role.UNIT_ADMIN,
    "demo_dept": Role.DEPT_REVIEWER,
    "demo_committee": Role.COMMITTEE_STAFF,
    "demo_hr": Role.HR_ADMIN,
}


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    """Seven Argon2 hashes per load make these tests slow; the logic is the same with MD5."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db: None) -> list[DemoLogin]:
    """Loads the reference data on the way, since the database starts empty."""
    return load_demo_data()


def counts() -> tuple[int, ...]:
    return (
        BaseUnit.objects.count(),
        User.objects.count(),
        ApplicationWindow.objects.count(),
        Region.objects.count(),
        sum(u.recommending_units.count() for u in BaseUnit.objects.all()),
        Application.objects.count(),
    )


def test_it_loads_reference_data_first_when_the_database_is_empty(demo: Any) -> None:
    assert Region.objects.filter(is_entry=True).count() == 15


def test_loading_twice_creates_no_duplicates(demo: Any) -> None:
    before = counts()
    users = {u.username: (u.password, u.id_card_scan.name) for u in User.objects.all()}
    units = {u.uscc: (u.licence_scan.name, u.updated_at) for u in BaseUnit.objects.all()}
    load_demo_data()
    assert counts() == before
    assert {u.username: (u.password, u.id_card_scan.name) for u in User.objects.all()} == users
    assert {u.uscc: (u.licence_scan.name, u.updated_at) for u in BaseUnit.objects.all()} == units


def test_every_demo_user_signs_in_with_the_demo_password(demo: Any) -> None:
    request = RequestFactory().post("/accounts/login/")
    for username, role in ROLES.items():
        user = authenticate(request=request, username=username, password=PASSWORD)
        assert user is not None, username
        assert user.role == role
    assert authenticate(request=request, username="demo_hr", password="wrong") is None


def test_the_accounts_belong_where_the_demo_needs_them(demo: Any) -> None:
    users = {u.username: u for u in User.objects.filter(username__startswith="demo_")}
    assert set(users) == set(ROLES) | set(TEACHERS)  # the teachers own the demo applications
    applicant = users["demo_applicant"]
    assert applicant.real_name == "张明" and (applicant.id_number or "").startswith("650102")
    assert applicant.mobile and applicant.email
    unit = users["demo_unit"].unit
    assert unit is not None and unit.region.name == "乌鲁木齐市" and unit.is_complete
    department = users["demo_dept"].department
    assert department is not None and unit.recommending_units.filter(pk=department.pk).exists()
    committee = users["demo_committee"].committee
    assert committee is not None and committee.region.name == "乌鲁木齐市"
    kashgar_unit = users["demo_unit_kashgar"].unit
    assert kashgar_unit is not None and kashgar_unit.region.name == "喀什地区"
    assert kashgar_unit.county is not None and kashgar_unit.county.name == "岳普湖县"
    assert kashgar_unit.recommending_units.filter(level="county").exists()
    hr_region = users["demo_hr"].admin_region
    assert hr_region is not None and hr_region.code == "650000"


def test_id_numbers_and_credit_codes_are_valid(demo: Any) -> None:
    for data in USERS:
        if "id_number" in data:
            assert validate_id_number(data["id_number"]) == data["id_number"]
    for unit in BaseUnit.objects.all():
        assert uscc.is_valid(unit.uscc), unit.uscc
        assert unit.recommending_units.count() in (1, 2)


def test_units_span_regions_and_one_is_incomplete(demo: Any) -> None:
    units = BaseUnit.objects.all()
    assert {u.region.name for u in units} >= {"新疆维吾尔自治区", "乌鲁木齐市", "喀什地区"}
    assert [u.is_complete for u in units].count(False) == 1


def test_the_scans_are_real_pngs_in_private_storage(demo: Any) -> None:
    scans = [u.licence_scan for u in BaseUnit.objects.all()]
    scans += [u.id_card_scan for u in User.objects.filter(role=Role.APPLICANT)]
    assert len(scans) == 5 + 2 + len(TEACHERS)
    for scan in scans:
        assert scan.storage.exists(scan.name)
        with scan.open("rb") as fh:
            image = Image.open(fh)
            assert image.format == "PNG"


def test_a_window_is_open_for_every_committee_series(demo: Any) -> None:
    now = timezone.now()
    year = timezone.localdate().year
    open_now = ApplicationWindow.objects.filter(
        opens_at__lte=now, closes_at__gt=now, year=year, specialty=None
    )
    for scope in CommitteeScope.objects.all():
        assert open_now.filter(
            committee=scope.committee, series=scope.series, business_type="review"
        ).exists(), scope
    assert open_now.filter(business_type="special").count() == 7
    window = open_now.first()
    assert window is not None
    assert abs(window.opens_at - (now - datetime.timedelta(days=10))) < datetime.timedelta(
        minutes=5
    )
    assert abs(window.closes_at - (now + datetime.timedelta(days=20))) < datetime.timedelta(
        minutes=5
    )
    closed = ApplicationWindow.objects.filter(closes_at__lte=now, year=year)
    assert closed.count() == 1 and closed.get().specialty is not None


def test_a_window_that_has_closed_is_opened_again(demo: Any) -> None:
    later = timezone.now() + datetime.timedelta(days=25)
    load_demo_data(now=later)
    windows = ApplicationWindow.objects.filter(year=timezone.localdate(later).year, specialty=None)
    assert windows.exists()
    assert all(w.opens_at <= later < w.closes_at for w in windows)


def test_the_command_prints_the_logins_without_full_id_numbers(db: None) -> None:
    out = StringIO()
    call_command("load_demo_data", stdout=out)
    text = out.getvalue()
    for username in ROLES:
        assert username in text
    assert text.count(PASSWORD) == len(ROLES)
    assert "基层工作单位管理员" in text and "人社管理员" in text
    for data in USERS:
        if "id_number" in data:
            assert data["id_number"] not in text
            assert data["id_number"][-4:] in text


def test_the_table_lines_up_in_a_terminal() -> None:
    rows = [
        DemoLogin("demo_a", "申请人", PASSWORD, "", "6501**********1218"),
        DemoLogin("demo_unit_kashgar", "基层工作单位管理员", PASSWORD, "某单位", ""),
    ]
    lines = format_logins(rows).splitlines()
    assert len(lines) == 4 and lines[0].startswith("用户名")

    def column(line: str) -> int:
        prefix = line[: line.index(PASSWORD)]
        return sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in prefix)

    assert column(lines[2]) == column(lines[3])


def test_demo_applications_cover_every_state_for_the_demo_users(demo: Any) -> None:
    from applications.models import Application, HistoryEntry, Status
    from reviews.models import SectionComment

    apps = list(Application.objects.select_related("applicant"))
    states = {(a.status, a.position) for a in apps}
    assert {(Status.DRAFT, 0), (Status.RETURNED, 0), (Status.PASSED, 4)} <= states
    assert {a.position for a in apps if a.status == Status.IN_REVIEW} == {1, 2, 3}
    assert {a.applicant.username for a in apps if a.status in (Status.DRAFT, Status.RETURNED)} == {
        "demo_applicant"
    }
    returned = next(a for a in apps if a.status == Status.RETURNED)
    assert SectionComment.objects.filter(application=returned).exists()
    assert HistoryEntry.objects.filter(application=returned, action="return").exists()
    demo_unit = User.objects.get(username="demo_unit").unit
    assert all(a.unit == demo_unit for a in apps)
    load_demo_data()
    assert Application.objects.count() == len(apps)
