"""证书管理 and 撤销: staff see their committee's certificates and revoke valid ones."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from certificates import actions
from certificates.models import Certificate
from conftest import APPLICANT_ID
from lib.refusal import Refused
from orgs.models import Region
from testing.pages import signed_in
from testing.pages import text as page

pytestmark = pytest.mark.django_db

MANAGE = reverse("certificates:manage")


def revoke_url(cert: Certificate) -> str:
    return reverse("certificates:revoke", args=[cert.pk])


def rows(html: str) -> int:
    return html.count('<tr id="cert-')


# --- the list -----------------------------------------------------------------------------


def test_staff_see_their_committees_certificates(
    client: Client, committee_staff: User, certificate: Certificate
) -> None:
    response = signed_in(client, committee_staff).get(MANAGE)
    html = page(response)
    assert response.status_code == 200
    row = html.split(f'id="cert-{certificate.pk}"')[1].split("</tr>")[0]
    assert "XJ650100-2026-000001" in row and "张三" in row and "6501**********1239" in row
    assert "乌职改〔2026〕12号" in row and "有效" in row
    assert revoke_url(certificate) in row
    assert APPLICANT_ID not in html
    assert "共 1 份证书" in html


def test_the_menu_links_the_list(client: Client, committee_staff: User) -> None:
    html = page(signed_in(client, committee_staff).get(reverse("accounts:home")))
    assert f'href="{MANAGE}"' in html


def test_another_committees_staff_see_none_of_them(
    client: Client, other_staff: User, certificate: Certificate
) -> None:
    html = page(signed_in(client, other_staff).get(MANAGE))
    assert rows(html) == 0 and "XJ650100" not in html and "还没有颁发证书" in html


def test_an_autonomous_region_hr_admin_sees_every_committee(
    client: Client,
    hr_admin: User,
    holders: Any,
    other_committee: Any,
    kashgar_unit: Any,
) -> None:
    holders(1)
    holders(1, on=other_committee, unit=kashgar_unit)
    html = page(signed_in(client, hr_admin).get(MANAGE))
    assert rows(html) == 2 and "XJ650100-2026-000001" in html and "XJ653100-2026-000001" in html


def test_a_prefecture_hr_admin_sees_that_prefectures_committees(
    client: Client,
    hr_admin: User,
    regions: dict[str, Region],
    holders: Any,
    other_committee: Any,
    kashgar_unit: Any,
) -> None:
    holders(1)
    holders(1, on=other_committee, unit=kashgar_unit)
    hr_admin.admin_region = regions["kashgar"]
    hr_admin.save()
    html = page(signed_in(client, hr_admin).get(MANAGE))
    assert rows(html) == 1 and "XJ653100-2026-000001" in html and "XJ650100" not in html


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer"])
def test_other_roles_are_refused(client: Client, who: str, request: Any) -> None:
    user = request.getfixturevalue(who)
    response = signed_in(client, user).get(MANAGE)
    assert response.status_code == 403


def test_filters_by_number_name_and_status(
    client: Client, committee_staff: User, holders: Any
) -> None:
    certs = holders(12)
    actions.revoke_certificate(committee_staff, certs[0].pk, "材料不实")
    c = signed_in(client, committee_staff)
    assert rows(page(c.get(MANAGE, {"number": "000012"}))) == 1
    assert rows(page(c.get(MANAGE, {"number": " xj650100-2026-00001 "}))) == 3  # 10, 11, 12
    assert rows(page(c.get(MANAGE, {"name": "持证人1"}))) == 4  # 1, 10, 11, 12
    revoked = page(c.get(MANAGE, {"status": "revoked"}))
    assert rows(revoked) == 1 and "持证人1<" in revoked and "材料不实" not in revoked
    assert "已撤销" in revoked and "评委会工作人员" in revoked
    assert rows(page(c.get(MANAGE, {"status": "valid"}))) == 11
    nothing = page(c.get(MANAGE, {"name": "王五"}))
    assert rows(nothing) == 0 and "没有符合条件的证书" in nothing


def test_bad_filter_values_filter_nothing(
    client: Client, committee_staff: User, holders: Any
) -> None:
    holders(2)
    c = signed_in(client, committee_staff)
    for query in ({"status": "bogus"}, {"page": "abc"}, {"page": "999"}, {"name": "<script>"}):
        response = c.get(MANAGE, query)
        assert response.status_code == 200
        assert "<script>" not in page(response).split("<main")[1].split("</form>")[1]


def test_it_pages_by_twenty(client: Client, committee_staff: User, holders: Any) -> None:
    holders(25)
    c = signed_in(client, committee_staff)
    first = page(c.get(MANAGE))
    assert rows(first) == 20 and "第 1 / 2 页" in first and "共 25 份证书" in first
    second = page(c.get(MANAGE, {"page": 2}))
    assert rows(second) == 5 and "<td>21</td>" in second


def _queries(client: Client, url: str) -> int:
    client.get(url)  # the first request of a session writes the session; measure the next
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_costs_the_same_at_1_and_30(
    client: Client, committee_staff: User, holders: Any
) -> None:
    (first,) = holders(1)
    c = signed_in(client, committee_staff)
    at_one = _queries(c, MANAGE)
    more = holders(29)
    for cert in (first, *more[::3]):
        actions.revoke_certificate(committee_staff, cert.pk, "材料不实")
    at_thirty = _queries(c, MANAGE)
    assert at_thirty == at_one
    assert rows(page(c.get(MANAGE))) == 20


def test_the_holder_list_costs_the_same_at_1_and_3(
    client: Client,
    holders: Any,
    committee: Any,
    committee_staff: User,
    other_committee: Any,
    kashgar_unit: Any,
) -> None:
    from testing.certificates_world import make_approval, make_passed

    (first,) = holders(1)
    holder = first.application.applicant
    c = signed_in(client, holder)
    at_one = _queries(c, reverse("certificates:mine"))
    app = first.application
    for n, on in enumerate([other_committee, committee]):
        # The same person, other titles: more certificates on their list.
        from catalog.models import Title

        other_title = Title.objects.create(series=app.series, level=app.level, name=f"其他资格{n}")
        more = make_passed(
            holder,
            committee=on,
            unit=kashgar_unit,
            title=other_title,
            specialty=app.specialty,
            template=app.template,
        )
        actions.issue_certificates(
            make_approval(on, [more], number=f"另职改〔2026〕{n}号", created_by=committee_staff)
        )
    assert _queries(c, reverse("certificates:mine")) == at_one
    assert rows(page(c.get(reverse("certificates:mine")))) == 3


# --- revoke -------------------------------------------------------------------------------


def test_the_confirmation_page_shows_the_certificate_and_asks_a_reason(
    client: Client, committee_staff: User, certificate: Certificate
) -> None:
    html = page(signed_in(client, committee_staff).get(revoke_url(certificate)))
    assert "撤销证书" in html and "XJ650100-2026-000001" in html and "张三" in html
    assert 'name="reason"' in html and "确定撤销" in html
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_staff_revoke_a_certificate_with_a_reason(
    client: Client, committee_staff: User, certificate: Certificate
) -> None:
    before = timezone.now()
    c = signed_in(client, committee_staff)
    response = c.post(revoke_url(certificate), {"reason": "  经核查，申报材料不实。 "}, follow=True)
    html = page(response)
    assert response.redirect_chain[-1][0] == MANAGE
    assert "证书 XJ650100-2026-000001 已撤销。" in html
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "经核查，申报材料不实。"
    assert certificate.revoked_by == committee_staff
    assert certificate.revoked_at is not None and certificate.revoked_at >= before
    row = html.split(f'id="cert-{certificate.pk}"')[1].split("</tr>")[0]
    assert "已撤销" in row and revoke_url(certificate) not in row


def test_revoking_twice_is_refused_and_changes_nothing(
    client: Client, committee_staff: User, hr_admin: User, certificate: Certificate
) -> None:
    first = actions.revoke_certificate(committee_staff, certificate.pk, "第一次撤销")
    c = signed_in(client, hr_admin)
    response = c.post(revoke_url(certificate), {"reason": "第二次撤销"}, follow=True)
    html = page(response)
    assert "该证书已撤销，不能重复撤销。" in html
    assert 'name="reason"' not in html  # the page no longer offers the form
    certificate.refresh_from_db()
    assert certificate.revoked_reason == "第一次撤销"
    assert certificate.revoked_by == committee_staff
    assert certificate.revoked_at == first.revoked_at
    with pytest.raises(Refused, match="不能重复撤销"):
        actions.revoke_certificate(committee_staff, certificate.pk, "再来一次")


def test_another_committees_staff_get_404(
    client: Client, other_staff: User, certificate: Certificate
) -> None:
    c = signed_in(client, other_staff)
    assert c.get(revoke_url(certificate)).status_code == 404
    assert c.post(revoke_url(certificate), {"reason": "越权撤销"}).status_code == 404
    assert c.get(reverse("certificates:detail", args=[certificate.pk])).status_code == 404
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_action_itself_refuses_another_committee(
    other_staff: User, applicant: User, certificate: Certificate
) -> None:
    from django.http import Http404

    for user in (other_staff, applicant):
        with pytest.raises(Http404):
            actions.revoke_certificate(user, certificate.pk, "越权撤销")
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_the_holder_cannot_revoke(
    client: Client, applicant: User, certificate: Certificate
) -> None:
    response = signed_in(client, applicant).post(revoke_url(certificate), {"reason": "不想要了"})
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "请填写撤销原因。"),
        ("          ", "请填写撤销原因。"),
        ("错", "撤销原因应为 2 到 300 字（当前 1 字）。"),
        ("错" * 301, "撤销原因应为 2 到 300 字（当前 301 字）。"),
        ("材料\x00不实", "不可见的控制字符"),
    ],
)
def test_a_bad_reason_is_refused_beside_the_field(
    client: Client, committee_staff: User, certificate: Certificate, reason: str, message: str
) -> None:
    response = signed_in(client, committee_staff).post(revoke_url(certificate), {"reason": reason})
    html = page(response)
    assert response.status_code == 200
    box = html.split('id="field-reason"')[1].split("</div>")[0]
    assert message in box
    if reason.strip() and "\x00" not in reason:
        assert reason in box  # what was typed is kept
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID


def test_a_reason_of_exactly_300_characters_is_accepted(
    client: Client, committee_staff: User, certificate: Certificate
) -> None:
    signed_in(client, committee_staff).post(revoke_url(certificate), {"reason": "错" * 300})
    certificate.refresh_from_db()
    assert (
        certificate.status == Certificate.Status.REVOKED and len(certificate.revoked_reason) == 300
    )


def test_staff_open_the_certificate_page_with_a_revoke_button(
    client: Client, committee_staff: User, certificate: Certificate
) -> None:
    html = page(
        signed_in(client, committee_staff).get(
            reverse("certificates:detail", args=[certificate.pk])
        )
    )
    assert "XJ650100-2026-000001" in html and "6501**********1239" in html
    assert revoke_url(certificate) in html and "证书管理" in html


@pytest.mark.parametrize(
    ("reason", "message"),
    [(" ", "请填写撤销原因（不少于 2 个字）。"), ("错" * 301, "不能超过 300 个字")],
)
def test_the_action_checks_the_reason_itself(
    committee_staff: User, certificate: Certificate, reason: str, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        actions.revoke_certificate(committee_staff, certificate.pk, reason)
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.VALID
