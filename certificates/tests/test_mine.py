"""我的职称电子证书 and the certificate page: the holder sees their own, nobody else's."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from certificates.models import Certificate
from certificates.qr import verify_url
from conftest import APPLICANT_ID
from testing.pages import signed_in
from testing.pages import text as page

pytestmark = pytest.mark.django_db

MINE = reverse("certificates:mine")


def detail_url(cert: Certificate) -> str:
    return reverse("certificates:detail", args=[cert.pk])


def pdf_url(cert: Certificate) -> str:
    return reverse("certificates:pdf", args=[cert.pk])


def test_the_list_shows_every_column_with_the_holders_own_id(
    client: Client, applicant: User, certificate: Certificate
) -> None:
    html = page(signed_in(client, applicant).get(MINE))
    for heading in ("序号", "姓名", "证书编号", "身份证号", "资格", "批文号", "发证日期"):
        assert f"<th>{heading}</th>" in html
    row = html.split(f'id="cert-{certificate.pk}"')[1].split("</tr>")[0]
    assert "<td>1</td>" in row
    assert "张三" in row and "XJ650100-2026-000001" in row
    # The holder's own page: the whole number (lib.visibility); staff see it masked.
    assert APPLICANT_ID in row
    assert "[乌鲁木齐市][中级]社会科学研究/助理研究员" in row
    assert "乌职改〔2026〕12号" in row and "2026-11-20" in row
    assert detail_url(certificate) in row and pdf_url(certificate) in row
    assert "已撤销" not in row


def test_the_list_is_empty_before_the_approval(client: Client, applicant: User) -> None:
    html = page(signed_in(client, applicant).get(MINE))
    assert "暂无职称电子证书" in html


def test_the_list_shows_only_ones_own(
    client: Client, outsider: User, certificate: Certificate
) -> None:
    html = page(signed_in(client, outsider).get(MINE))
    assert "XJ650100-2026-000001" not in html and "暂无职称电子证书" in html


def test_the_menu_links_the_list(client: Client, applicant: User) -> None:
    html = page(signed_in(client, applicant).get(reverse("accounts:home")))
    assert f'href="{MINE}"' in html and "我的职称电子证书" in html


def test_the_page_shows_the_certificate_and_its_qr_code(
    client: Client, applicant: User, certificate: Certificate
) -> None:
    response = signed_in(client, applicant).get(detail_url(certificate))
    html = page(response)
    assert response.status_code == 200
    # The holder's own page shows the whole number (lib.visibility.id_for).
    assert "XJ650100-2026-000001" in html and APPLICANT_ID in html
    assert "乌鲁木齐市评审委员会" in html and "新疆财经大学" in html and "经济学" in html
    assert 'src="data:image/svg+xml' in html
    assert f'href="{verify_url(certificate)}"' in html
    assert f'href="{pdf_url(certificate)}"' in html
    assert "撤销证书" not in html


@pytest.mark.parametrize("kind", ["detail", "pdf"])
def test_another_applicants_certificate_is_404(
    client: Client, outsider: User, certificate: Certificate, kind: str
) -> None:
    url = detail_url(certificate) if kind == "detail" else pdf_url(certificate)
    response = signed_in(client, outsider).get(url)
    assert response.status_code == 404
    assert "XJ650100-2026-000001" not in page(response)


@pytest.mark.parametrize("kind", ["detail", "pdf"])
def test_a_unit_admin_cannot_open_a_certificate(
    client: Client, unit_admin: User, certificate: Certificate, kind: str
) -> None:
    url = detail_url(certificate) if kind == "detail" else pdf_url(certificate)
    assert signed_in(client, unit_admin).get(url).status_code == 404


def test_an_unknown_id_is_404(client: Client, applicant: User, certificate: Certificate) -> None:
    assert (
        signed_in(client, applicant).get(f"/certificates/{certificate.pk + 99}/").status_code == 404
    )


def test_staff_cannot_use_the_holder_list(client: Client, committee_staff: User) -> None:
    response = signed_in(client, committee_staff).get(MINE)
    assert response.status_code == 403


@pytest.mark.parametrize("url_of", [lambda c: MINE, detail_url, pdf_url])
def test_it_asks_a_visitor_to_sign_in(
    client: Client, certificate: Certificate, url_of: Any
) -> None:
    response = client.get(url_of(certificate))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_revoked_certificate_is_marked(
    client: Client, applicant: User, committee_staff: User, certificate: Certificate
) -> None:
    from certificates import actions

    actions.revoke_certificate(committee_staff, certificate.pk, "材料不实")
    html = page(signed_in(client, applicant).get(MINE))
    assert "已撤销" in html
    detail = page(client.get(detail_url(certificate)))
    assert "该证书已撤销" in detail and "材料不实" in detail
