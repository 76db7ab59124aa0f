"""我的主页: each role's menus, the profile panel, 编辑个人信息, and who may open what."""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID

HOME = reverse("accounts:home")


def test_anonymous_users_are_sent_to_sign_in(client: Client, regions: Any) -> None:
    for name in (
        "accounts:home",
        "accounts:profile",
        "accounts:password_change",
        "accounts:id_card_scan",
    ):
        response = client.get(reverse(name))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_profile_panel_shows_who_is_signed_in(client: Client, applicant: User) -> None:
    applicant.seconds_used = 1090 * 60 + 30
    applicant.save()
    client.force_login(applicant)
    html = client.get(HOME).content.decode()
    assert "个人资料" in html
    assert 'id="profile-username">zhangsan' in html
    assert 'id="profile-role">申请人' in html
    assert "已使用 1090 分钟" in html
    assert "zhangsan@example.cn" in html
    assert "编辑个人信息" in html
    assert APPLICANT_ID in html  # the holder's own number, in full


@pytest.mark.parametrize(
    ("user_fixture", "shown", "hidden"),
    [
        ("applicant", ["申请人", "任职资格条件"], ["单位信息", "疑似重复单位"]),
        (
            "unit_admin",
            ["基层工作单位管理员", "完善单位信息", "变更单位名称", "推荐单位"],
            ["我的职称"],
        ),
        ("dept_reviewer", ["审核部门管理员"], ["我的职称", "完善单位信息"]),
        ("committee_staff", ["评审委员会工作人员"], ["我的职称", "完善单位信息"]),
        (
            "hr_admin",
            ["人社管理员", "疑似重复单位", "安全审计"],
            ["我的职称", "完善单位信息", "参考数据维护", "/admin/"],
        ),
    ],
)
def test_each_role_sees_its_own_menus(
    client: Client,
    request: pytest.FixtureRequest,
    user_fixture: str,
    shown: list[str],
    hidden: list[str],
) -> None:
    user = request.getfixturevalue(user_fixture)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    for text in shown:
        assert text in html, text
    for text in hidden:
        assert text not in html, text


def test_a_complete_unit_has_no_banner(client: Client, unit_admin: User) -> None:
    client.force_login(unit_admin)
    assert "单位信息未完善" not in client.get(HOME).content.decode()


def test_profile_edit_saves_and_refuses_bad_values(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    bad = client.post(reverse("accounts:profile"), {"email": "not-an-email", "mobile": "123"})
    html = bad.content.decode()
    assert "11 位手机号" in html and 'value="not-an-email"' in html
    applicant.refresh_from_db()
    assert applicant.mobile == "13800000001"
    ok = client.post(
        reverse("accounts:profile"), {"email": "new@example.cn", "mobile": "13700000000"}
    )
    assert ok.status_code == 302
    applicant.refresh_from_db()
    assert (applicant.email, applicant.mobile) == ("new@example.cn", "13700000000")


def test_password_change(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": "Passw0rd!", "new_password1": "abc", "new_password2": "abc"},
    )
    assert "至少 8 位" in weak.content.decode()
    # Checking the old password upgraded the fixture's fast hash to argon2, which ends the
    # session as any password-hash change does; sign in again.
    applicant.refresh_from_db()
    client.force_login(applicant)
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Passw0rd!",
            "new_password1": "Tianshan#2026",
            "new_password2": "Tianshan#2026",
        },
    )
    applicant.refresh_from_db()
    assert applicant.check_password("Tianshan#2026")


def test_only_the_holder_gets_the_id_card_scan(
    client: Client, applicant: User, outsider: User
) -> None:
    from django.core.files.base import ContentFile

    from conftest import make_png

    applicant.id_card_scan.save("a.png", ContentFile(make_png()))
    client.force_login(applicant)
    response = client.get(reverse("accounts:id_card_scan"))
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(cast(Any, response).streaming_content).startswith(b"\x89PNG")
    client.force_login(outsider)  # no scan of their own: nothing of anyone else's
    assert client.get(reverse("accounts:id_card_scan")).status_code == 404
