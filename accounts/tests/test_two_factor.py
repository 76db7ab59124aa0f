"""Two-factor sign-in: enrolment, the second step, replayed / late / wrong codes, recovery
codes, staff taken to enrolment, applicants free to choose, hr_admin's reset — and the audit.

These tests go through the real pages (marked `real_otp`: force_login does not pass the
second factor for them), with time frozen so TOTP time steps are exact.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from accounts import two_factor
from accounts.middleware import OTP_EXEMPT_VIEWS
from accounts.models import Role, User
from audit.models import AuditEvent
from conftest import PASSWORD, enrol_totp, make_user, totp_code
from orgs.models import Department, Region

pytestmark = pytest.mark.real_otp

LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:login_verify")
ENROL = reverse("accounts:two_factor_enrol")
HOME = reverse("accounts:home")
MANAGE = reverse("accounts:two_factor")
# Mid-step (t = 59 339 520 + 10 s): a 30-second step boundary is never crossed by accident.
NOW = datetime(2026, 6, 1, 2, 0, 10, tzinfo=UTC)


def text(response: Any) -> str:
    return response.content.decode()


def sign_in(client: Client, username: str, password: str = PASSWORD) -> Any:
    return client.post(LOGIN, {"region": "650000", "username": username, "password": password})


def second_step(client: Client, code: str) -> Any:
    return client.post(VERIFY, {"code": code})


def audit(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def assert_no_code_in_audit(*codes: str) -> None:
    for event in AuditEvent.objects.all():
        for code in codes:
            bare = code.replace("-", "")
            for value in (event.target, event.detail, event.actor_name):
                assert code not in value and bare not in value, (event.action, value)


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


@pytest.fixture
def frozen() -> Any:
    with freeze_time(NOW) as clock:
        yield clock


# ---------------------------------------------------------------- the second step


def test_an_enrolled_account_signs_in_only_after_the_code(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    device = enrol_totp(dept_reviewer)
    response = sign_in(client, "dept_reviewer")
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert signed_in_user_id(client) is None  # the password alone signs nobody in
    page = text(client.get(VERIFY))
    assert "登录 · 第二步" in page and "6 位动态验证码" in page
    assert client.get(HOME).status_code == 302  # still not signed in

    code = totp_code(device)
    response = second_step(client, code)
    assert response.status_code == 302 and response["Location"] == HOME
    assert signed_in_user_id(client) == str(dept_reviewer.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert client.session["entry_region"] == "650000"
    assert "审核部门管理员" in text(client.get(HOME))
    [verified] = audit(AuditEvent.Action.OTP_VERIFIED)
    assert verified.actor == dept_reviewer and verified.result == AuditEvent.Result.OK
    assert_no_code_in_audit(code)


def test_a_code_of_the_previous_step_is_still_accepted(
    client: Client, committee_staff: User, frozen: Any
) -> None:
    device = enrol_totp(committee_staff)
    sign_in(client, "committee_staff")
    second_step(client, totp_code(device, NOW.timestamp() - 30))
    assert signed_in_user_id(client) == str(committee_staff.pk)


def test_a_wrong_code_is_refused_beside_the_field(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    device = enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    page = text(second_step(client, wrong))
    assert "验证码不正确，请输入身份验证器应用当前显示的 6 位数字。" in page
    assert "还可以再试 4 次" in page
    assert signed_in_user_id(client) is None
    [failed] = audit(AuditEvent.Action.OTP_FAILED)
    assert failed.result == AuditEvent.Result.FAILED and "验证码错误" in failed.detail
    assert_no_code_in_audit(wrong)


def test_a_replayed_code_is_refused(client: Client, hr_admin: User, frozen: Any) -> None:
    device = enrol_totp(hr_admin)
    code = totp_code(device)
    sign_in(client, "hr_admin")
    second_step(client, code)
    assert signed_in_user_id(client) == str(hr_admin.pk)
    client.post(reverse("accounts:logout"))

    other = Client()  # someone who saw the code, within the same 30 seconds
    sign_in(other, "hr_admin")
    frozen.tick(timedelta(seconds=5))
    page = text(second_step(other, code))
    assert "该验证码已经使用过，不能重复使用" in page
    assert signed_in_user_id(other) is None
    assert "验证码重复使用" in audit(AuditEvent.Action.OTP_FAILED)[0].detail
    device.refresh_from_db()
    assert device.last_t == int(NOW.timestamp()) // 30


def test_a_late_code_is_refused_with_its_own_message(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    device = enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    late = totp_code(device, NOW.timestamp() - 3 * 60)  # six steps old: outside the window
    page = text(second_step(client, late))
    assert "验证码已过期或不在有效时间内" in page and "检查手机时间" in page
    assert signed_in_user_id(client) is None
    assert "验证码已过期" in audit(AuditEvent.Action.OTP_FAILED)[0].detail


def test_five_wrong_codes_void_the_sign_in(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    for _ in range(4):
        frozen.tick(timedelta(seconds=20))  # past django-otp's growing delay (1, 2, 4, 8 s)
        assert "验证码不正确" in text(second_step(client, "000000"))
    frozen.tick(timedelta(seconds=20))
    response = second_step(client, "000000")
    assert response.status_code == 302 and response["Location"] == LOGIN
    login_page = text(client.get(LOGIN))
    assert "验证码连续输错 5 次，本次登录已作废，请重新输入用户名和密码。" in login_page
    assert client.get(VERIFY)["Location"] == LOGIN  # the password step must be done again
    failed = audit(AuditEvent.Action.OTP_FAILED)
    assert [e.result for e in failed] == ["failed"] * 5 + ["refused"]
    assert "本次登录作废" in failed[-1].detail


def test_quick_guesses_are_slowed_down(client: Client, dept_reviewer: User, frozen: Any) -> None:
    device = enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    assert "验证码不正确" in text(second_step(client, "000000"))
    frozen.tick(timedelta(seconds=1))  # django-otp waits 1 s after one failure, 2 s after two
    assert "验证码不正确" in text(second_step(client, "111111"))
    page = text(second_step(client, "222222"))
    assert "验证失败次数较多，为保护账号请 2 秒后再试。" in page
    frozen.tick(timedelta(seconds=2))
    second_step(client, totp_code(device))
    assert signed_in_user_id(client) == str(dept_reviewer.pk)


def test_the_second_step_expires(client: Client, dept_reviewer: User, frozen: Any) -> None:
    device = enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    frozen.tick(timedelta(minutes=6))
    response = second_step(client, totp_code(device))
    assert response["Location"] == LOGIN
    assert "登录已超时或尚未输入密码，请重新登录。" in text(client.get(LOGIN))
    assert signed_in_user_id(client) is None


def test_the_verify_page_without_a_password_step_sends_to_sign_in(client: Client) -> None:
    response = client.get(VERIFY)
    assert response.status_code == 302 and response["Location"] == LOGIN


def test_a_wrong_password_never_reaches_the_second_step(
    client: Client, dept_reviewer: User
) -> None:
    enrol_totp(dept_reviewer)
    page = text(sign_in(client, "dept_reviewer", "Wrong@2026"))
    assert "用户名或密码错误" in page
    assert "otp_pending" not in client.session


# ---------------------------------------------------------------- recovery codes


def enrolled_with_codes(user: User) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.start_enrolment(user)
    enrolment = two_factor.confirm_enrolment(user, device.pk, totp_code(device))
    return enrolment.device, enrolment.recovery_codes


def test_a_recovery_code_works_once(client: Client, committee_staff: User, frozen: Any) -> None:
    _device, codes = enrolled_with_codes(committee_staff)
    assert len(codes) == 10 and len(set(codes)) == 10
    # Stored as keyed digests only.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert not stored & {c.replace("-", "") for c in codes} and not stored & set(codes)

    sign_in(client, "committee_staff")
    response = second_step(client, " " + codes[3].upper() + " ")  # case and spaces forgiven
    assert response.status_code == 302 and signed_in_user_id(client) == str(committee_staff.pk)
    home = text(client.get(HOME))
    assert "您使用了一个恢复码登录，还剩 9 个" in home
    [used] = audit(AuditEvent.Action.OTP_RECOVERY_USED)
    assert "剩余 9 个" in used.detail
    client.post(reverse("accounts:logout"))

    frozen.tick(timedelta(seconds=40))
    sign_in(client, "committee_staff")
    page = text(second_step(client, codes[3]))
    assert "恢复码不正确或已经使用过，每个恢复码只能使用一次。" in page
    assert signed_in_user_id(client) is None
    assert StaticToken.objects.count() == 9
    assert_no_code_in_audit(*codes)


def test_regenerating_codes_voids_the_old_ones(
    client: Client, committee_staff: User, frozen: Any
) -> None:
    device, old = enrolled_with_codes(committee_staff)
    frozen.tick(timedelta(seconds=30))  # the enrolment used this step's code
    sign_in(client, "committee_staff")
    second_step(client, totp_code(device))
    url = reverse("accounts:two_factor_codes")
    assert "密码不正确" in text(client.post(url, {"password": "Wrong@2026"}))
    page = text(client.post(url, {"password": PASSWORD}))
    new = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    assert len(new) == 10 and not set(new) & set(old)
    assert "这些恢复码只显示这一次" in page
    assert StaticToken.objects.count() == 10
    assert "重新生成 10 个恢复码" in audit(AuditEvent.Action.OTP_ENROLLED)[-1].detail
    assert_no_code_in_audit(*old, *new)


# ---------------------------------------------------------------- enrolment


def test_staff_without_a_second_factor_are_taken_to_enrolment_and_enrol(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    response = sign_in(client, "dept_reviewer")
    assert response["Location"] == HOME  # no device yet: signed in with the password …
    response = client.get(HOME)
    assert response.status_code == 302  # … but taken to enrolment before anything else
    assert response["Location"] == f"{ENROL}?next=%2Faccounts%2Fhome%2F"

    page = text(client.get(response["Location"]))
    assert "必须绑定双因素认证后才能继续使用平台" in page
    assert 'src="data:image/svg+xml' in page  # the QR code, drawn by segno, no inline script
    assert "<script>" not in page and 'style="' not in page
    device = TOTPDevice.objects.get(user=dept_reviewer)
    assert not device.confirmed
    secret = two_factor.base32_secret(device)
    assert secret in page
    assert client.get(ENROL).status_code == 200  # a reload keeps the same secret
    assert TOTPDevice.objects.get(user=dept_reviewer).pk == device.pk

    code = totp_code(device)
    page = text(
        client.post(
            ENROL,
            {"device": device.pk, "code": code, "password": PASSWORD, "next": "/accounts/home/"},
        )
    )
    assert "请保存您的恢复码" in page
    shown = re.findall(r"<li><code>([a-z0-9-]+)</code></li>", page)
    assert len(shown) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert StaticDevice.objects.get(user=dept_reviewer).token_set.count() == 10
    assert client.get(HOME).status_code == 200  # this session is verified by the new device
    [enrolled] = audit(AuditEvent.Action.OTP_ENROLLED)
    assert enrolled.actor == dept_reviewer and "生成 10 个恢复码" in enrolled.detail
    assert_no_code_in_audit(code, *shown)


def test_enrolment_refuses_a_wrong_code_or_password(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    sign_in(client, "dept_reviewer")
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=dept_reviewer)
    page = text(client.post(ENROL, {"device": device.pk, "code": "12345", "password": PASSWORD}))
    assert "请输入 6 位数字验证码" in page
    page = text(
        client.post(ENROL, {"device": device.pk, "code": totp_code(device), "password": "x"})
    )
    assert "密码不正确。" in page
    for forged in ("999999", "abc"):  # not this account's device, or not a number
        page = text(
            client.post(ENROL, {"device": forged, "code": totp_code(device), "password": PASSWORD})
        )
        assert "绑定信息已失效，请重新扫描页面上的二维码" in page
    frozen.tick(timedelta(seconds=3))
    late = totp_code(device, NOW.timestamp() - 5 * 60)
    page = text(client.post(ENROL, {"device": device.pk, "code": late, "password": PASSWORD}))
    assert "验证码已过期或不在有效时间内" in page
    assert 'value="' + late + '"' in page  # what was typed is kept
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(HOME)["Location"].startswith(ENROL)
    assert [e.result for e in audit(AuditEvent.Action.OTP_FAILED)] == ["failed"] * 4
    assert not audit(AuditEvent.Action.OTP_ENROLLED)


def walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    """(url, view name) of every URL pattern, parameters filled with a plausible value."""
    found = []
    for p in patterns:
        route = str(p.pattern)
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            found += walk(p.url_patterns, prefix + route, inner)
        elif isinstance(p, URLPattern):
            full = prefix + route
            if full.startswith("^") or "(?P" in full or "$" in full:
                continue  # a few of the admin's regular expressions
            url = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<(str|slug|path):\w+>", "x", full))
            found.append((url, f"{namespace}:{p.name}" if namespace else str(p.name)))
    return found


def test_staff_without_enrolment_are_redirected_from_every_page(
    client: Client, regions: Any, committee_staff: User
) -> None:
    client.force_login(committee_staff)  # the plain force_login: no device, not verified
    urls = walk(get_resolver().url_patterns)
    assert len(urls) > 100
    redirected = 0
    for url, name in urls:
        response = client.get(url)
        if name in OTP_EXEMPT_VIEWS:
            assert not response.get("Location", "").startswith(ENROL), url
            continue
        assert response.status_code == 302, (url, response.status_code)
        assert response["Location"].startswith(ENROL), url
        redirected += 1
    assert redirected > 100
    # A form posted from an old tab changes nothing either.
    response = client.post(reverse("accounts:profile"), {"email": "x@example.cn"})
    assert response["Location"] == ENROL
    committee_staff.refresh_from_db()
    assert committee_staff.email == "committee_staff@example.cn"
    # Static files and the health checks still answer.
    assert not client.get("/static/css/site.css").get("Location", "").startswith(ENROL)


def test_a_staff_session_that_skipped_the_code_is_signed_out(
    client: Client, dept_reviewer: User
) -> None:
    enrol_totp(dept_reviewer)
    client.force_login(dept_reviewer)  # password only, e.g. a session older than the device
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert signed_in_user_id(client) is None
    assert "请重新登录，并输入身份验证器显示的动态验证码" in text(client.get(response["Location"]))


def test_an_added_role_is_required_by_the_setting(
    client: Client, unit_admin: User, settings: Any
) -> None:
    client.force_login(unit_admin)
    assert client.get(HOME).status_code == 200
    settings.OTP_REQUIRED_ROLES = [*settings.OTP_REQUIRED_ROLES, Role.UNIT_ADMIN]
    assert client.get(HOME)["Location"].startswith(ENROL)


# ---------------------------------------------------------------- applicants choose


def test_an_applicant_is_not_forced_and_may_turn_it_on_and_off(
    client: Client, applicant: User, frozen: Any
) -> None:
    sign_in(client, "zhangsan")
    assert client.get(HOME).status_code == 200
    page = text(client.get(reverse("accounts:profile")))
    assert "双因素认证" in page and MANAGE in page
    page = text(client.get(MANAGE))
    assert "未启用" in page and "启用双因素认证" in page
    enrol_page = text(client.get(ENROL))
    assert "暂不绑定" in enrol_page and "必须绑定" not in enrol_page

    device = TOTPDevice.objects.get(user=applicant)
    client.post(ENROL, {"device": device.pk, "code": totp_code(device), "password": PASSWORD})
    page = text(client.get(MANAGE))
    assert "已启用" in page and "10 个" in page

    disable = reverse("accounts:two_factor_disable")
    assert "密码不正确" in text(client.post(disable, {"password": "Wrong@2026"}))
    assert TOTPDevice.objects.filter(user=applicant).exists()
    response = client.post(disable, {"password": PASSWORD}, follow=True)
    assert "双因素认证已停用" in text(response)
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    assert not StaticDevice.objects.filter(user=applicant).exists()
    [reset] = audit(AuditEvent.Action.OTP_RESET)
    assert reset.actor == applicant and reset.detail == "本人停用双因素认证"

    client.post(reverse("accounts:logout"))
    assert sign_in(client, "zhangsan")["Location"] == HOME  # the password alone again


def test_an_applicant_with_a_device_signs_in_with_the_code(
    client: Client, applicant: User, frozen: Any
) -> None:
    device = enrol_totp(applicant)
    assert sign_in(client, "zhangsan")["Location"] == VERIFY
    second_step(client, totp_code(device))
    assert signed_in_user_id(client) == str(applicant.pk)


def test_a_required_role_cannot_turn_it_off(
    client: Client, dept_reviewer: User, frozen: Any
) -> None:
    device = enrol_totp(dept_reviewer)
    sign_in(client, "dept_reviewer")
    second_step(client, totp_code(device))
    assert "停用双因素认证" not in text(client.get(MANAGE))
    response = client.post(reverse("accounts:two_factor_disable"), {"password": PASSWORD})
    assert response["Location"] == MANAGE
    assert "必须使用双因素认证，不能停用" in text(client.get(MANAGE))
    assert TOTPDevice.objects.filter(user=dept_reviewer, confirmed=True).exists()


# ---------------------------------------------------------------- hr_admin resets a colleague


@pytest.fixture
def kashgar_hr(regions: dict[str, Region]) -> User:
    return make_user(
        "kashgar_hr", Role.HR_ADMIN, real_name="喀什人社管理员", admin_region=regions["kashgar"]
    )


@pytest.fixture
def kashgar_reviewer(regions: dict[str, Region]) -> User:
    department = Department.objects.create(
        name="喀什地区人社局", kind="hrss", level="prefecture", region=regions["kashgar"]
    )
    return make_user(
        "kashgar_reviewer", Role.DEPT_REVIEWER, real_name="喀什审核员", department=department
    )


def verified_client(user: User, frozen: Any) -> Client:
    """A client signed in through both real steps."""
    frozen.tick(timedelta(seconds=30))
    device = enrol_totp(user)
    client = Client()
    sign_in(client, user.username)
    second_step(client, totp_code(device))
    assert signed_in_user_id(client) == str(user.pk)
    return client


def test_hr_admin_resets_a_colleague_who_must_enrol_again(
    hr_admin: User, dept_reviewer: User, frozen: Any
) -> None:
    colleague = verified_client(dept_reviewer, frozen)
    admin = verified_client(hr_admin, frozen)
    listing = text(admin.get(reverse("accounts:two_factor_staff")))
    assert "<td>dept_reviewer</td>" in listing and "已绑定" in listing
    url = reverse("accounts:two_factor_reset", args=[dept_reviewer.pk])
    page = text(admin.get(url))
    assert "重置后，该账号的身份验证器和全部恢复码立即失效" in page

    page = text(admin.post(url, {"reason": "  ", "confirm": "on"}))
    assert "请填写重置原因" in page
    page = text(admin.post(url, {"reason": "手机丢失，已电话核实"}))
    assert "请勾选确认后再重置" in page
    assert TOTPDevice.objects.filter(user=dept_reviewer).exists()

    response = admin.post(url, {"reason": "手机丢失，已电话核实", "confirm": "on"}, follow=True)
    assert "已重置 dept_reviewer 的双因素认证" in text(response)
    assert not TOTPDevice.objects.filter(user=dept_reviewer).exists()
    assert not StaticDevice.objects.filter(user=dept_reviewer).exists()
    [reset] = audit(AuditEvent.Action.OTP_RESET)
    assert reset.actor == hr_admin and reset.role == Role.HR_ADMIN
    assert "dept_reviewer" in reset.target and "手机丢失，已电话核实" in reset.detail

    # The colleague's open session is no longer verified: enrolment comes first.
    assert colleague.get(HOME)["Location"].startswith(ENROL)
    fresh = Client()
    sign_in(fresh, "dept_reviewer")
    assert fresh.get(HOME)["Location"].startswith(ENROL)


def test_hr_admin_cannot_reset_outside_their_region(
    kashgar_hr: User, dept_reviewer: User, kashgar_reviewer: User, applicant: User, frozen: Any
) -> None:
    enrol_totp(dept_reviewer)
    enrol_totp(kashgar_reviewer)
    enrol_totp(applicant)
    admin = verified_client(kashgar_hr, frozen)
    listing = text(admin.get(reverse("accounts:two_factor_staff")))
    assert "<td>kashgar_reviewer</td>" in listing and "<td>dept_reviewer</td>" not in listing
    url = reverse("accounts:two_factor_reset", args=[dept_reviewer.pk])  # 乌鲁木齐市
    assert admin.get(url).status_code == 404
    assert admin.post(url, {"reason": "试图越权", "confirm": "on"}).status_code == 404
    assert TOTPDevice.objects.filter(user=dept_reviewer).exists()
    own = reverse("accounts:two_factor_reset", args=[kashgar_hr.pk])
    assert admin.get(own).status_code == 404  # not one's own either
    person = reverse("accounts:two_factor_reset", args=[applicant.pk])
    assert admin.get(person).status_code == 404  # applicants: the 自治区 admin only
    assert not audit(AuditEvent.Action.OTP_RESET)


def test_the_autonomous_region_admin_resets_an_applicant(
    hr_admin: User, applicant: User, frozen: Any
) -> None:
    enrol_totp(applicant)
    admin = verified_client(hr_admin, frozen)
    listing = text(admin.get(reverse("accounts:two_factor_staff"), {"role": "applicant"}))
    assert "<td>zhangsan</td>" in listing and "<td>dept_reviewer</td>" not in listing
    url = reverse("accounts:two_factor_reset", args=[applicant.pk])
    admin.post(url, {"reason": "申请人手机和恢复码均丢失，已核验身份证", "confirm": "on"})
    assert not TOTPDevice.objects.filter(user=applicant).exists()
    [reset] = audit(AuditEvent.Action.OTP_RESET)
    assert "zhangsan" in reset.target and "已核验身份证" in reset.detail
    assert sign_in(Client(), "zhangsan")["Location"] == HOME  # password only again


def test_only_hr_admin_opens_the_reset_pages(committee_staff: User, frozen: Any) -> None:
    other = verified_client(committee_staff, frozen)
    assert other.get(reverse("accounts:two_factor_staff")).status_code == 403
    url = reverse("accounts:two_factor_reset", args=[committee_staff.pk])
    assert other.post(url, {"reason": "试图越权", "confirm": "on"}).status_code == 403
