"""Issue 5 item 3 in a real browser: forget the password, recover it by e-mail, sign in."""

from __future__ import annotations

import re

from django.core import mail
from playwright.sync_api import Page, expect

from accounts.models import User
from e2e.helpers import shot
from e2e.test_accounts import sign_in

NEW_PASSWORD = "Kashgar@2026"


def test_an_applicant_recovers_the_password_by_email_and_signs_in(
    page: Page, applicant: User
) -> None:
    page.goto("/accounts/login/")
    page.click("#recover-link")
    expect(page.locator("h1")).to_have_text("找回用户名和密码")
    shot(page, "issue5-recovery-start")

    page.click("text=方式二：注册邮箱接收找回链接")
    page.fill("#id_email", "zhangsan@example.cn")
    page.click("button[type=submit]:has-text('发送找回链接')")
    expect(page.locator("#sent-message")).to_contain_text("如果该邮箱已在本平台注册")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["zhangsan@example.cn"]
    match = re.search(r"https?://[^/\s]+(/recovery/reset/\S+/)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    link = match.group(1)

    page.goto(link)
    expect(page.locator("#recovered-username")).to_have_text("zhangsan")
    page.fill("#id_password1", "12345678")  # too weak: refused beside the field
    page.fill("#id_password2", "12345678")
    page.click("button[type=submit]:has-text('保存新密码')")
    expect(page.locator("#field-password1 .error").first).to_be_visible()
    page.fill("#id_password1", NEW_PASSWORD)
    page.fill("#id_password2", NEW_PASSWORD)
    page.click("button[type=submit]:has-text('保存新密码')")
    expect(page.locator("#reset-done")).to_contain_text("zhangsan")
    shot(page, "issue5-recovery-done")

    page.goto(link)  # the link works once
    expect(page.locator("#link-invalid")).to_be_visible()

    sign_in(page, "zhangsan", NEW_PASSWORD, "自治区本级")
    expect(page.locator("h1")).to_have_text("我的主页")
