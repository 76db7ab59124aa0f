"""Issue 8 item 8 in a real browser: a staff member without a second factor is taken to
enrolment, scans (reads) the QR secret, enrols, keeps the recovery codes, then signs in with
the code of the authenticator app."""

from __future__ import annotations

import re
from base64 import b32decode
from typing import Any

from django_otp.oath import totp
from playwright.sync_api import Page, expect

from accounts.models import Role
from audit.models import AuditEvent
from conftest import PASSWORD, make_user
from e2e.helpers import shot, submit_sign_in


def code_now(secret: str) -> str:
    """What an authenticator app shows now for the secret typed from the page."""
    bare = secret.replace(" ", "")
    key = b32decode(bare + "=" * (-len(bare) % 8))
    return f"{totp(key):06d}"


def test_staff_enrol_then_sign_in_with_the_code(page: Page, department: Any) -> None:
    make_user("new_reviewer", Role.DEPT_REVIEWER, real_name="新审核员", department=department)
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", "new_reviewer")
    page.fill("#id_password", PASSWORD)
    submit_sign_in(page, "new_reviewer")
    expect(page.locator("h1")).to_have_text("绑定双因素认证")
    expect(page.locator("#otp-required")).to_contain_text("必须绑定双因素认证")
    qr = page.locator("#otp-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 100  # the data: URI image really drew
    shot(page, "issue8-enrol")
    page.goto("/reviews/")  # every other page leads back here, and on after enrolment
    expect(page.locator("h1")).to_have_text("绑定双因素认证")

    secret = page.locator("#otp-secret").inner_text()
    page.fill("#id_code", "123")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('确认绑定')")
    expect(page.locator("#field-code .error")).to_contain_text("请输入 6 位数字验证码")

    page.fill("#id_code", code_now(secret))
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('确认绑定')")
    expect(page.locator("h1")).to_have_text("请保存您的恢复码")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
    shot(page, "issue8-recovery-codes")
    page.click("text=我已保存，继续")
    expect(page).to_have_url(re.compile(r"/reviews/$"))
    expect(page.locator("h1")).to_have_text("申请书审核")

    page.click("button:has-text('退出')")
    page.goto("/accounts/login/")
    page.select_option("#id_region", label="乌鲁木齐市")
    page.fill("#id_username", "new_reviewer")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('登录')")
    expect(page.locator("h1")).to_have_text("登录 · 第二步")
    shot(page, "issue8-second-step")
    page.fill("#id_code", codes[0])  # the phone is elsewhere: a recovery code
    page.click("button:has-text('验证并登录')")
    expect(page.locator("h1")).to_have_text("我的主页")
    expect(page.locator(".message-warning")).to_contain_text("还剩 9 个")
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"otp_enrolled", "otp_failed", "otp_recovery_used"} <= actions
