"""通知公告 / 政策法规: public home, list, detail and files; 通知公告管理 for hr_admin and
committee staff, each in their own scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from conftest import make_pdf, make_png, make_user, upload
from orgs.models import Region, ReviewCommittee
from portal.models import Notice, NoticeAttachment

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def other_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])


@pytest.fixture
def other_staff(other_committee: ReviewCommittee) -> User:
    return make_user("kashgar_staff", Role.COMMITTEE_STAFF, committee=other_committee)


def make_notice(author: User, **fields: Any) -> Notice:
    values: dict[str, Any] = {
        "kind": Notice.Kind.NOTICE,
        "title": "关于2026年度职称评审工作的通知",
        "body": "各有关单位：\n现将有关事项通知如下。",
        "published_at": timezone.now(),
    }
    values.update(fields)
    return Notice.objects.create(author=author, **values)


def post_data(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "notice",
        "title": "关于报送纸质材料的通知",
        "body": "请于11月30日前报送纸质材料。",
        "publish": "on",
    }
    data.update(overrides)
    return data


# --- public pages ---------------------------------------------------------------------------


def test_home_shows_latest_notices_and_policies(hr_admin: User) -> None:
    make_notice(hr_admin, title="评审工作通知")
    make_notice(hr_admin, kind=Notice.Kind.POLICY, title="职称评审管理暂行规定")
    make_notice(hr_admin, title="已撤回的通知", published_at=None)
    page = Client().get(reverse("portal:index")).content.decode()
    assert "评审工作通知" in page and "职称评审管理暂行规定" in page
    assert "已撤回的通知" not in page
    for name in ("portal:notices", "portal:committees", "portal:help", "qa:faq"):
        assert reverse(name) in page


def test_list_filters_by_kind(hr_admin: User) -> None:
    make_notice(hr_admin, title="评审工作通知")
    make_notice(hr_admin, kind=Notice.Kind.POLICY, title="职称评审管理暂行规定")
    page = Client().get(reverse("portal:notices"), {"kind": "policy"}).content.decode()
    assert "职称评审管理暂行规定" in page and "评审工作通知" not in page
    page = Client().get(reverse("portal:notices"), {"kind": "<bad>"}).content.decode()
    assert "职称评审管理暂行规定" in page and "评审工作通知" in page


def test_detail_shows_body_and_files(hr_admin: User) -> None:
    notice = make_notice(hr_admin)
    item = NoticeAttachment(notice=notice, display_name="附件1.pdf", kind="pdf", size=10)
    item.file.save("n.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    page = Client().get(reverse("portal:notice", args=[notice.pk])).content.decode()
    assert "现将有关事项通知如下" in page and "附件1.pdf" in page
    response = Client().get(reverse("portal:notice_file", args=[notice.pk, item.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_withdrawn_notices_and_their_files_are_404(hr_admin: User) -> None:
    notice = make_notice(hr_admin, published_at=None)
    item = NoticeAttachment(notice=notice, display_name="附件1.pdf", kind="pdf", size=10)
    item.file.save("n.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    assert Client().get(reverse("portal:notice", args=[notice.pk])).status_code == 404
    url = reverse("portal:notice_file", args=[notice.pk, item.pk])
    assert Client().get(url).status_code == 404


def test_a_file_of_another_notice_is_404(hr_admin: User) -> None:
    first = make_notice(hr_admin)
    second = make_notice(hr_admin)
    item = NoticeAttachment(notice=first, display_name="附件1.pdf", kind="pdf", size=10)
    item.file.save("n.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    url = reverse("portal:notice_file", args=[second.pk, item.pk])
    assert Client().get(url).status_code == 404


def test_body_markup_is_escaped(hr_admin: User) -> None:
    notice = make_notice(hr_admin, body="<script>alert(1)</script>正文")
    page = Client().get(reverse("portal:notice", args=[notice.pk])).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


# --- 通知公告管理 ----------------------------------------------------------------------------


def test_staff_publish_for_their_committee_with_attachments(
    committee_staff: User, committee: ReviewCommittee
) -> None:
    files = [
        upload("评审通知.pdf", make_pdf(), "application/pdf"),
        upload("流程图.png", make_png(), "image/png"),
    ]
    response = signed_in(committee_staff).post(
        reverse("portal:create_notice"), {**post_data(), "attachments": files}
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert notice.committee == committee and notice.region == committee.region
    assert notice.author == committee_staff and notice.is_published
    assert sorted(a.display_name for a in notice.attachments.all()) == [
        "流程图.png",
        "评审通知.pdf",
    ]
    assert "关于报送纸质材料的通知" in Client().get(reverse("portal:index")).content.decode()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([upload("fake.pdf", b"<html>not a pdf</html>")], "只能上传"),
        ([upload("big.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))], "不能超过 2MB"),
        ([upload("x.png", make_png()[:50])], "已损坏"),
        ([upload(f"{i}.png", make_png()) for i in range(6)], "最多 5 个附件"),
    ],
    ids=["fake", "oversize", "truncated", "too-many"],
)
def test_bad_attachments_are_refused(committee_staff: User, files: list[Any], message: str) -> None:
    response = signed_in(committee_staff).post(
        reverse("portal:create_notice"), {**post_data(), "attachments": files}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Notice.objects.exists() and not NoticeAttachment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": "   "}, "请输入标题"),
        ({"title": "<script>"}, "不能包含"),
        ({"title": "通知\u202e"}, "控制字符"),
        ({"body": "正文\x00"}, "控制字符"),
        ({"kind": "other"}, "选择一个有效的选项"),
    ],
    ids=["blank-title", "markup", "rlo", "nul", "kind"],
)
def test_bad_text_is_refused(
    committee_staff: User, overrides: dict[str, str], message: str
) -> None:
    response = signed_in(committee_staff).post(
        reverse("portal:create_notice"), post_data(**overrides)
    )
    assert message in response.content.decode()
    assert not Notice.objects.exists()


def test_hr_admin_publishes_for_a_region(hr_admin: User, regions: dict[str, Region]) -> None:
    response = signed_in(hr_admin).post(
        reverse("portal:create_notice"),
        post_data(kind="policy", region=regions["kashgar"].pk),
    )
    assert response.status_code == 302
    notice = Notice.objects.get()
    assert (notice.kind, notice.region, notice.committee) == ("policy", regions["kashgar"], None)


def test_a_draft_is_not_public(hr_admin: User) -> None:
    data = post_data()
    del data["publish"]
    signed_in(hr_admin).post(reverse("portal:create_notice"), data)
    notice = Notice.objects.get()
    assert not notice.is_published
    assert Client().get(reverse("portal:notice", args=[notice.pk])).status_code == 404


def test_staff_unpublish_and_republish(committee_staff: User, committee: ReviewCommittee) -> None:
    notice = make_notice(committee_staff, committee=committee)
    client = signed_in(committee_staff)
    client.post(reverse("portal:publish_notice", args=[notice.pk]), {"publish": "0"})
    notice.refresh_from_db()
    assert notice.published_at is None
    assert Client().get(reverse("portal:notice", args=[notice.pk])).status_code == 404
    client.post(reverse("portal:publish_notice", args=[notice.pk]), {"publish": "1"})
    notice.refresh_from_db()
    assert notice.is_published


def test_staff_edit_their_notice(committee_staff: User, committee: ReviewCommittee) -> None:
    notice = make_notice(committee_staff, committee=committee)
    client = signed_in(committee_staff)
    assert (
        "关于2026年度职称评审工作的通知"
        in client.get(reverse("portal:edit_notice", args=[notice.pk])).content.decode()
    )
    client.post(reverse("portal:edit_notice", args=[notice.pk]), post_data(title="更正后的通知"))
    notice.refresh_from_db()
    assert notice.title == "更正后的通知" and notice.committee == committee


def test_another_committees_notice_is_404(
    committee_staff: User, committee: ReviewCommittee, other_staff: User
) -> None:
    notice = make_notice(committee_staff, committee=committee)
    client = signed_in(other_staff)
    assert notice.title not in client.get(reverse("portal:manage_notices")).content.decode()
    assert client.get(reverse("portal:edit_notice", args=[notice.pk])).status_code == 404
    assert (
        client.post(
            reverse("portal:edit_notice", args=[notice.pk]), post_data(title="篡改")
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse("portal:publish_notice", args=[notice.pk]), {"publish": "0"}
        ).status_code
        == 404
    )
    notice.refresh_from_db()
    assert notice.title != "篡改" and notice.is_published


def test_hr_admin_manages_every_notice(
    hr_admin: User, committee_staff: User, committee: ReviewCommittee
) -> None:
    notice = make_notice(committee_staff, committee=committee)
    page = signed_in(hr_admin).get(reverse("portal:manage_notices")).content.decode()
    assert notice.title in page


def test_staff_remove_an_attachment(committee_staff: User, committee: ReviewCommittee) -> None:
    notice = make_notice(committee_staff, committee=committee)
    item = NoticeAttachment(notice=notice, display_name="附件1.pdf", kind="pdf", size=10)
    item.file.save("n.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    signed_in(committee_staff).post(reverse("portal:remove_notice_file", args=[notice.pk, item.pk]))
    assert not NoticeAttachment.objects.exists()


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer"])
def test_others_may_not_manage(who: str, request: pytest.FixtureRequest) -> None:
    user = request.getfixturevalue(who)
    client = signed_in(user)
    assert client.get(reverse("portal:manage_notices")).status_code == 403
    assert client.post(reverse("portal:create_notice"), post_data()).status_code == 403
    assert not Notice.objects.exists()


def test_editing_adds_attachments_up_to_the_limit(
    committee_staff: User, committee: ReviewCommittee
) -> None:
    notice = make_notice(committee_staff, committee=committee)
    client = signed_in(committee_staff)
    url = reverse("portal:edit_notice", args=[notice.pk])
    files = [upload(f"{i}.png", make_png()) for i in range(4)]
    client.post(url, {**post_data(), "attachments": files})
    assert notice.attachments.count() == 4
    files = [upload(f"{i}.png", make_png()) for i in range(2)]
    response = client.post(url, {**post_data(title="不应保存的标题"), "attachments": files})
    assert "最多 5 个附件" in response.content.decode()
    notice.refresh_from_db()
    assert notice.attachments.count() == 4 and notice.title != "不应保存的标题"
