"""Issue 2 in a real browser: register an applicant, sign in through a prefecture, see 我的主页."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from conftest import PASSWORD, make_png
from e2e.helpers import shot, submit_sign_in


@pytest.fixture
def scan_file(tmp_path: Path) -> Path:
    path = tmp_path / "身份证.png"
    path.write_bytes(make_png(300, 200, "lightgrey"))
    return path


def sign_in(page: Page, username: str, password: str, region: str) -> None:
    page.goto("/accounts/login/")
    page.select_option("#id_region", label=region)
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    submit_sign_in(page, username)


def test_an_applicant_registers_signs_in_through_a_prefecture_and_sees_home(
    page: Page, regions: Any, scan_file: Path
) -> None:
    page.goto("/")
    page.click("text=注册")
    page.click("text=开始申请人注册")
    expect(page.locator("h2", has_text="注册须知")).to_be_visible()
    shot(page, "issue2-register-applicant-empty")

    page.fill("#id_username", "aygul2026")
    page.fill("#id_real_name", "阿依古丽·买买提")
    page.fill("#id_id_number", "65010219851212123")  # one digit short: refused beside the field
    page.fill("#id_mobile", "13912345678")
    page.fill("#id_email", "aygul@example.cn")
    page.fill("#id_password1", "Tianshan@2026")
    page.fill("#id_password2", "Tianshan@2026")
    page.set_input_files("#id_scan", str(scan_file))
    page.check("#id_accept_notice")
    page.click("button[type=submit]:has-text('注册')")
    expect(page.locator("#field-id_number .error")).to_contain_text("18位")
    expect(page.locator("#id_real_name")).to_have_value("阿依古丽·买买提")
    expect(page.locator("text=已收到扫描件")).to_be_visible()
    shot(page, "issue2-register-applicant-error")

    page.fill("#id_id_number", "650102198512121232")
    page.fill("#id_password1", "Tianshan@2026")
    page.fill("#id_password2", "Tianshan@2026")
    page.check("#id_accept_notice")
    page.click("button[type=submit]:has-text('注册')")
    expect(page.locator("h1")).to_have_text("我的主页")
    assert User.objects.get(username="aygul2026").id_number == "650102198512121232"

    page.click("button:has-text('退出')")
    sign_in(page, "aygul2026", "Tianshan@2026", "喀什地区")
    expect(page.locator("h1")).to_have_text("我的主页")
    expect(page.locator("#profile-region")).to_have_text("喀什地区")
    expect(page.locator("#profile-role")).to_have_text("申请人")
    expect(page.locator("#profile-minutes")).to_contain_text("已使用")
    shot(page, "issue2-home-applicant")

    page.select_option("#region-select", label="乌鲁木齐市")  # switching region after sign-in
    expect(page.locator(".message-success")).to_contain_text("已切换到 乌鲁木齐市")


def test_wrong_passwords_lock_the_account(page: Page, applicant: User) -> None:
    for _ in range(4):
        sign_in(page, "zhangsan", "Wrong@2026", "自治区本级")
        expect(page.locator(".form-errors")).to_contain_text("用户名或密码错误")
    sign_in(page, "zhangsan", "Wrong@2026", "自治区本级")  # the fifth failure locks
    expect(page.locator("#locked-message")).to_contain_text("锁定 15 分钟")
    sign_in(page, "zhangsan", PASSWORD, "自治区本级")  # even the right password, for 15 minutes
    expect(page.locator("#locked-message")).to_contain_text("锁定 15 分钟")
    shot(page, "issue2-login-locked")


@pytest.mark.parametrize(
    ("fixture", "username", "pages"),
    [
        ("unit_admin", "unit_a_admin", ["/units/"]),
        ("other_unit_admin", "unit_b_admin", ["/units/complete/"]),
        ("dept_reviewer", "dept_reviewer", []),
        ("committee_staff", "committee_staff", []),
        ("hr_admin", "hr_admin", ["/units/similar/"]),
    ],
)
def test_each_role_signs_in_and_sees_its_home(
    page: Page, request: pytest.FixtureRequest, fixture: str, username: str, pages: list[str]
) -> None:
    user = request.getfixturevalue(fixture)
    sign_in(page, username, PASSWORD, "乌鲁木齐市")
    expect(page.locator("#profile-role")).to_have_text(user.get_role_display())
    shot(page, f"issue2-home-{fixture}")
    for path in pages:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        shot(page, f"issue2-{fixture}-{path.strip('/').replace('/', '-')}")
