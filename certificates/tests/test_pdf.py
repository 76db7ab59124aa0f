"""The printed certificate: what pdftotext reads from it, its fonts, and the QR code it carries."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import pytest
import segno
from django.test import Client, override_settings
from django.urls import reverse
from PIL import Image, ImageChops

from accounts.models import User
from certificates import actions
from certificates.models import Certificate
from certificates.pdf import density
from certificates.qr import verify_url
from conftest import APPLICANT_ID
from testing.pages import signed_in

pytestmark = pytest.mark.django_db


def pdf_of(client: Client, cert: Certificate) -> bytes:
    response = client.get(reverse("certificates:pdf", args=[cert.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    return response.content


def run(tmp_path: Path, pdf: bytes, *command: str, after: str = "") -> str:
    """A poppler tool on the PDF; `after` is the argument after the file (output or prefix)."""
    path = tmp_path / "certificate.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603 - fixed poppler tools on a file we wrote
        [*command, str(path), *([after] if after else [])],
        capture_output=True,
        check=True,
        cwd=tmp_path,
    )
    return done.stdout.decode()


def text_of(tmp_path: Path, pdf: bytes) -> str:
    # -raw keeps reading order; spaces that letter-spacing puts between characters go away.
    return "".join(run(tmp_path, pdf, "pdftotext", "-raw", after="-").split())


def test_the_holders_pdf_states_the_certificate_with_the_full_id(
    client: Client, applicant: User, certificate: Certificate, tmp_path: Path
) -> None:
    pdf = pdf_of(signed_in(client, applicant), certificate)
    assert pdf.startswith(b"%PDF-")
    text = text_of(tmp_path, pdf)
    for expected in (
        "职称电子证书",
        "XJ650100-2026-000001",
        "张三",
        APPLICANT_ID,
        "[乌鲁木齐市][中级]社会科学研究/助理研究员",
        "经济学",
        "新疆财经大学",
        "乌鲁木齐市评审委员会",
        "乌职改〔2026〕12号",
        "2026年11月20日",
    ):
        assert expected in text, expected
    assert "已撤销" not in text
    info = run(tmp_path, pdf, "pdfinfo")
    assert "Pages:           1" in info and "841.89 x 595.276 pts (A4)" in info  # landscape


def test_it_is_served_inline_with_a_chinese_file_name(
    client: Client, applicant: User, certificate: Certificate
) -> None:
    response = signed_in(client, applicant).get(reverse("certificates:pdf", args=[certificate.pk]))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;")
    assert "filename*=UTF-8''%E8%81%8C%E7%A7%B0" in disposition  # 职称…
    assert "XJ650100-2026-000001.pdf" in disposition


def test_every_font_is_embedded(
    client: Client, applicant: User, certificate: Certificate, tmp_path: Path
) -> None:
    pdf = pdf_of(signed_in(client, applicant), certificate)
    rows = run(tmp_path, pdf, "pdffonts").splitlines()[2:]
    assert rows and any("CJK" in row for row in rows)
    for row in rows:
        emb = row.split()[-5]
        assert emb == "yes", row


@override_settings(SITE_URL="https://zc.rst.xinjiang.gov.cn/")
def test_the_qr_code_in_the_pdf_encodes_the_verification_link(
    client: Client, applicant: User, certificate: Certificate, tmp_path: Path
) -> None:
    url = verify_url(certificate)
    assert url == f"https://zc.rst.xinjiang.gov.cn/certificates/v/{certificate.token}/"
    pdf = pdf_of(signed_in(client, applicant), certificate)
    listing = run(tmp_path, pdf, "pdfimages", "-list").splitlines()[2:]
    assert len(listing) == 1  # the QR code is the only image
    run(tmp_path, pdf, "pdfimages", "-png", after=str(tmp_path / "img"))
    embedded = Image.open(tmp_path / "img-000.png").convert("1")
    expected = Image.open(io.BytesIO(_png(url))).convert("1")
    # Same modules as a code made from the URL: the QR says exactly that URL.
    assert embedded.size == expected.size
    assert ImageChops.difference(embedded, expected).getbbox() is None
    # …and the comparison tells codes apart: another token gives other modules.
    other = Image.open(io.BytesIO(_png(url[:-6] + "xxxxx/"))).convert("1")
    assert ImageChops.difference(embedded, other).getbbox() is not None


def _png(url: str) -> bytes:
    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(out, kind="png", scale=10, border=2)
    return out.getvalue()


def test_staff_print_shows_the_id_masked(
    client: Client, committee_staff: User, certificate: Certificate, tmp_path: Path
) -> None:
    text = text_of(tmp_path, pdf_of(signed_in(client, committee_staff), certificate))
    assert "6501**********1239" in text and APPLICANT_ID not in text
    assert "XJ650100-2026-000001" in text


def test_a_revoked_certificate_prints_with_the_mark_and_reason(
    client: Client,
    applicant: User,
    committee_staff: User,
    certificate: Certificate,
    tmp_path: Path,
) -> None:
    actions.revoke_certificate(committee_staff, certificate.pk, "申报材料弄虚作假")
    text = text_of(tmp_path, pdf_of(signed_in(client, applicant), certificate))
    assert "已撤销" in text
    assert "撤销原因：申报材料弄虚作假" in text
    assert "XJ650100-2026-000001" in text


def test_long_fields_still_fit_one_page(
    client: Client, applicant: User, certificate: Certificate, tmp_path: Path
) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(
        holder_name="买买提·艾力克木·阿不都热合曼·吐尔逊",
        qualification="[克孜勒苏柯尔克孜自治州][副高]" + "工程系列" * 10 + "/高级工程师",
        unit_name="单" * 90,
        committee_name="评" * 60,
    )
    certificate.refresh_from_db()
    assert density(certificate) == "dense"
    pdf = pdf_of(signed_in(client, applicant), certificate)
    assert "Pages:           1" in run(tmp_path, pdf, "pdfinfo")
    text = text_of(tmp_path, pdf)
    assert "单" * 90 in text and "发证日期" in text


def test_markup_in_a_field_is_printed_as_text_and_loads_nothing(
    client: Client, applicant: User, certificate: Certificate, tmp_path: Path
) -> None:
    Certificate.objects.filter(pk=certificate.pk).update(
        unit_name='<img src="file:///etc/passwd">新疆财经大学'
    )
    pdf = pdf_of(signed_in(client, applicant), certificate)
    assert '<imgsrc="file:///etc/passwd">新疆财经大学' in text_of(tmp_path, pdf)
    assert len(run(tmp_path, pdf, "pdfimages", "-list").splitlines()[2:]) == 1
