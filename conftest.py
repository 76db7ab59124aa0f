"""Shared fixtures: a little reference data and the named users every test talks about.

applicant, unit_admin (unit A), other_unit_admin (unit B), dept_reviewer, committee_staff,
hr_admin and outsider (another applicant). Passwords are all `Passw0rd!`.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from catalog.models import Level, Series, Specialty, Title
from orgs.models import BaseUnit, Department, Region, ReviewCommittee

PASSWORD = "Passw0rd!"
# Valid resident ID numbers (checksums correct), regions 650102 (天山区) and 653121 (疏附县).
APPLICANT_ID = "650102199001011239"
OUTSIDER_ID = "653121198505054416"


@pytest.fixture(autouse=True)
def _clear_cache() -> Any:
    cache.clear()
    yield
    cache.clear()


def enrol_totp(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created when missing: a real one, whose codes are
    computed here exactly as an authenticator app computes them (`totp_code`)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)
    return device


def totp_code(device: TOTPDevice, at: float | None = None, *, step: int | None = None) -> str:
    """The six digits an authenticator app shows at `at` (default now), or for time step `step`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    if step is not None:
        at = device.t0 + step * device.step
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this time step's, or the next one's when this one was
    already used (django-otp refuses a step twice); waits for a new step when both were."""
    while True:
        device.refresh_from_db()
        now = int(time.time() - device.t0) // device.step + device.drift
        for step in (now, now + 1):
            if step > device.last_t and abs(step - now) <= device.tolerance:
                return totp_code(device, step=step)
        time.sleep(1)


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


def make_unit(region: Region, name: str, uscc: str, *, complete: bool = True) -> BaseUnit:
    unit = BaseUnit(
        name=name,
        uscc=uscc,
        region=region,
        nature="prefecture",
        contact_name="王联系",
        contact_mobile="13900000000",
    )
    unit.licence_scan.name = "licences/test.png"
    if complete:
        unit.address = "乌鲁木齐市天山区人民路1号"
        unit.legal_representative = "李法人"
        unit.phone = "0991-1234567"
        unit.hr_person = "张负责"
        unit.hr_mobile = "13900000001"
    unit.save()
    return unit


@pytest.fixture
def unit_a(regions: dict[str, Region]) -> BaseUnit:
    return make_unit(regions["urumqi"], "新疆财经大学", "126500004580000403")


@pytest.fixture
def unit_b(regions: dict[str, Region]) -> BaseUnit:
    return make_unit(regions["kashgar"], "喀什地区实验中学", "12653100458480236J")


def make_user(username: str, role: str, **fields: Any) -> User:
    return User.objects.create(
        username=username,
        role=role,
        password=make_password(PASSWORD, hasher="md5"),
        email=f"{username}@example.cn",
        **fields,
    )


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
def hr_admin(regions: dict[str, Region]) -> User:
    return make_user("hr_admin", Role.HR_ADMIN, real_name="人社管理员", admin_region=regions["xj"])


def make_png(width: int = 40, height: int = 30, color: str = "white") -> bytes:
    """A small real PNG."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def make_pdf() -> bytes:
    """A one-page real PDF."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)
