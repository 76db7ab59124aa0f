"""The 我的主页 menus lead to the portal, 在线问答 and 继续教育 pages of each role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        ("applicant", ["qa:mine", "training:mine"], ["portal:manage_notices", "training:unit"]),
        ("unit_admin", ["training:unit"], ["qa:inbox", "portal:manage_notices"]),
        ("committee_staff", ["qa:inbox", "portal:manage_notices"], ["training:unit"]),
        ("hr_admin", ["portal:manage_notices"], ["qa:inbox", "training:mine"]),
    ],
)
def test_home_menu_links(
    who: str, expected: list[str], absent: list[str], request: pytest.FixtureRequest
) -> None:
    client = Client()
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("accounts:home")).content.decode()
    for name in expected:
        assert f'href="{reverse(name)}"' in page
    for name in absent:
        assert f'href="{reverse(name)}"' not in page
    for name in expected:
        assert client.get(reverse(name)).status_code == 200
