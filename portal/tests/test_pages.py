"""评审委员会目录 and 填报帮助: public pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from orgs.models import Contact, Region, ReviewCommittee

pytestmark = pytest.mark.django_db


def test_directory_groups_active_committees_by_region(
    regions: dict[str, Region], django_assert_max_num_queries: object
) -> None:
    for i in range(4):
        c = ReviewCommittee.objects.create(
            name=f"乌鲁木齐市第{i}评审委员会", region=regions["urumqi"], address=f"人民路{i}号"
        )
        Contact.objects.create(committee=c, name=f"王{i}", phone=f"0991-123456{i}")
    ReviewCommittee.objects.create(name="自治区评审委员会", region=regions["xj"])
    ReviewCommittee.objects.create(
        name="已停用的委员会", region=regions["kashgar"], is_active=False
    )
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        page = Client().get(reverse("portal:committees")).content.decode()
    assert "人民路3号" in page and "王3" in page and "0991-1234563" in page
    assert "已停用的委员会" not in page
    body = page[page.index("<h1>") :]
    assert (
        body.index("<h2>新疆维吾尔自治区</h2>")
        < body.index("自治区评审委员会")
        < body.index("<h2>乌鲁木齐市</h2>")
    )


def test_help_page_covers_the_steps() -> None:
    page = Client().get(reverse("portal:help")).content.decode()
    for words in (
        "注册",
        "评审区域",
        "新增申请书",
        "2MB",
        "提交次数",
        "收回",
        "更改资格",
        "打印",
        "缴费",
    ):
        assert words in page
