"""Fixtures every test may ask for (registered by the root conftest.py): a little reference
data and the named users every test talks about.

applicant, unit_admin (unit A), other_unit_admin (unit B), dept_reviewer, committee_staff,
hr_admin and outsider (another applicant); other_staff (喀什's committee) and kashgar_hr.
Passwords are all `Passw0rd!` (testing.people.PASSWORD).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY

from accounts.models import Role, User
from catalog.models import Level, Series, Specialty, Title
from orgs.models import BaseUnit, Department, Region, ReviewCommittee
from testing.otp import enrol_totp
from testing.people import APPLICANT_ID, OUTSIDER_ID, make_unit, make_user


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_passes_second_factor(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`client.force_login` already skips the password; for the roles that must have a second
    factor (settings.OTP_REQUIRED_ROLES) it now also skips the code, honestly: the user gets a
    real TOTP device and the session is marked verified by it, as the second sign-in step does,
    so django-otp's OTPMiddleware and accounts.middleware.SecondFactorMiddleware run for real.
    Tests marked `real_otp` get Django's plain force_login (and go through the real pages)."""
    if request.node.get_closest_marker("real_otp"):
        return
    plain = Client.force_login

    def force_login(self: Client, user: Any, backend: str | None = None) -> None:
        plain(self, user, backend)
        if str(getattr(user, "role", "")) in settings.OTP_REQUIRED_ROLES:
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = enrol_totp(user).persistent_id
            session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


# --- reference data ------------------------------------------------------------------------


@pytest.fixture
def regions(db: None) -> dict[str, Region]:
    xj = Region.objects.create(
        code="650000", name="新疆维吾尔自治区", level="autonomous", is_entry=True, sort_order=0
    )
    urumqi = Region.objects.create(
        code="650100", name="乌鲁木齐市", level="prefecture", parent=xj, is_entry=True, sort_order=1
    )
    kashgar = Region.objects.create(
        code="653100",
        name="喀什地区",
        level="prefecture",
        parent=xj,
        is_entry=True,
        is_southern=True,
        sort_order=10,
    )
    tianshan = Region.objects.create(
        code="650102", name="天山区", level="county", parent=urumqi, sort_order=2
    )
    yuepuhu = Region.objects.create(
        code="653128", name="岳普湖县", level="county", parent=kashgar, sort_order=11
    )
    return {
        "xj": xj,
        "urumqi": urumqi,
        "kashgar": kashgar,
        "tianshan": tianshan,
        "yuepuhu": yuepuhu,
    }


@pytest.fixture
def series(db: None) -> Series:
    s = Series.objects.create(code="sky", name="社会科学研究", sort_order=1)
    Title.objects.create(series=s, level=Level.INTERMEDIATE, name="助理研究员")
    Specialty.objects.create(series=s, name="经济学")
    return s


@pytest.fixture
def department(regions: dict[str, Region]) -> Department:
    return Department.objects.create(
        name="乌鲁木齐市人社局", kind="hrss", level="prefecture", region=regions["urumqi"]
    )


@pytest.fixture
def committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(
        name="乌鲁木齐市评审委员会", region=regions["urumqi"], submission_limit=2
    )


@pytest.fixture
def other_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])


@pytest.fixture
def unit_a(regions: dict[str, Region]) -> BaseUnit:
    return make_unit(regions["urumqi"], "新疆财经大学", "126500004580000403")


@pytest.fixture
def unit_b(regions: dict[str, Region]) -> BaseUnit:
    return make_unit(regions["kashgar"], "喀什地区实验中学", "12653100458480236J")


@pytest.fixture
def kashgar_unit(regions: dict[str, Region]) -> BaseUnit:
    return make_unit(regions["kashgar"], "喀什地区第二中学", "12653100458480244Y")


# --- the named users -----------------------------------------------------------------------


@pytest.fixture
def applicant(regions: dict[str, Region]) -> User:
    return make_user(
        "zhangsan", Role.APPLICANT, real_name="张三", id_number=APPLICANT_ID, mobile="13800000001"
    )


@pytest.fixture
def outsider(regions: dict[str, Region]) -> User:
    return make_user(
        "lisi", Role.APPLICANT, real_name="李四", id_number=OUTSIDER_ID, mobile="13800000002"
    )


@pytest.fixture
def unit_admin(unit_a: BaseUnit) -> User:
    return make_user("unit_a_admin", Role.UNIT_ADMIN, real_name="单位A管理员", unit=unit_a)


@pytest.fixture
def other_unit_admin(unit_b: BaseUnit) -> User:
    return make_user("unit_b_admin", Role.UNIT_ADMIN, real_name="单位B管理员", unit=unit_b)


@pytest.fixture
def dept_reviewer(department: Department) -> User:
    return make_user(
        "dept_reviewer", Role.DEPT_REVIEWER, real_name="部门审核员", department=department
    )


@pytest.fixture
def committee_staff(committee: ReviewCommittee) -> User:
    return make_user(
        "committee_staff", Role.COMMITTEE_STAFF, real_name="评委会工作人员", committee=committee
    )


@pytest.fixture
def other_staff(other_committee: ReviewCommittee) -> User:
    return make_user(
        "other_staff",
        Role.COMMITTEE_STAFF,
        real_name="喀什评委会工作人员",
        committee=other_committee,
    )


@pytest.fixture
def hr_admin(regions: dict[str, Region]) -> User:
    return make_user("hr_admin", Role.HR_ADMIN, real_name="人社管理员", admin_region=regions["xj"])


@pytest.fixture
def kashgar_hr(regions: dict[str, Region]) -> User:
    """An hr_admin of 喀什地区: may edit only 喀什's committees, departments and windows."""
    return make_user(
        "kashgar_hr", Role.HR_ADMIN, real_name="喀什人社管理员", admin_region=regions["kashgar"]
    )
