"""The stamped certificate (a background drawn once, the holder's text set on it) looks like
the page WeasyPrint lays out whole, and every certificate it could get wrong is left to
WeasyPrint."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat

from certificates import drawing, pdf
from certificates.models import Certificate

pytestmark = pytest.mark.django_db


def pixels(tmp_path: Path, name: str, data: bytes) -> Image.Image:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    command = ["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile"]
    subprocess.run(  # noqa: S603 - a fixed poppler tool on a file we wrote
        [*command, str(path), str(tmp_path / name)], check=True
    )
    return Image.open(tmp_path / f"{name}.png").convert("L")


def poppler(*command: str) -> str:
    done = subprocess.run(  # noqa: S603 - a fixed poppler tool on a file we wrote
        [*command], capture_output=True, check=True
    )
    return done.stdout.decode()


def assert_looks_the_same(tmp_path: Path, certificate: Certificate, *, full_id: bool) -> None:
    stamped = pdf.stamp_pdf(certificate, full_id=full_id)
    assert stamped is not None, "this certificate should be stamped"
    whole = pdf._weasyprint_pdf(pdf.render_html(certificate, full_id=full_id))
    new, old = pixels(tmp_path, "new", stamped), pixels(tmp_path, "old", whole)
    assert new.size == old.size
    difference = ImageChops.difference(new, old)
    # Anti-aliasing of a glyph edge may differ by a shade; no glyph, line or module moves.
    assert ImageStat.Stat(difference).mean[0] < 0.1
    strong = sum(difference.histogram()[97:])  # pixels differing by more than 96
    assert strong < new.size[0] * new.size[1] / 5000, strong


def test_the_holders_stamped_copy_looks_like_the_page_weasyprint_lays_out(
    certificate: Certificate, tmp_path: Path
) -> None:
    assert len(certificate.approval.authority) > 13  # the authority takes two lines
    assert_looks_the_same(tmp_path, certificate, full_id=True)


def test_a_staff_copy_and_long_one_line_fields_look_the_same_too(
    certificate: Certificate, tmp_path: Path
) -> None:
    certificate.holder_name = "买买提·艾力"
    certificate.unit_name = "新疆维吾尔自治区乌鲁木齐市天山区某某研究院（有限公司）"
    certificate.qualification = "[乌鲁木齐市][副高]工程系列/高级工程师 (Senior Engineer)"
    certificate.approval.authority = "自治区人社厅"
    assert_looks_the_same(tmp_path, certificate, full_id=False)


UYGHUR_HEADING = "كەسپىي ئۇنۋان ئېلېكترونلۇق گۇۋاھنامىسى"  # i18n: data
BIDI_MARKS = dict.fromkeys(range(0x202A, 0x202F))  # pdftotext wraps RTL text in embeddings


def test_a_certificate_is_stamped_with_the_uyghur_line_under_its_heading(
    certificate: Certificate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def laid_out_whole(html: str) -> bytes:
        raise AssertionError("a normal certificate must be stamped, not laid out whole")

    monkeypatch.setattr(pdf, "_weasyprint_pdf", laid_out_whole)
    data = pdf.render_pdf(certificate, full_id=True)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    text = poppler("pdftotext", str(path), "-")
    lines = [line.translate(BIDI_MARKS).strip() for line in text.splitlines() if line.strip()]
    heading = next(n for n, line in enumerate(lines) if "".join(line.split()) == "职称电子证书")
    assert lines[heading + 1] == UYGHUR_HEADING  # in reading order, right under the heading
    assert "".join(lines[heading + 2].split()) == "专业技术人员职称资格证明"
    fonts = poppler("pdffonts", str(path))
    arabic = [row for row in fonts.splitlines() if "Arabic" in row]
    assert len(arabic) == 1 and arabic[0].split()[-5:-2] == ["yes", "yes", "yes"], fonts
    assert "+" in arabic[0].split()[0]  # a subset, carried from the background unchanged
    assert len(data) < 60_000  # the CJK fonts are still the stamped path's own subsets


def test_the_fixed_part_is_laid_out_once_per_process(certificate: Certificate) -> None:
    pdf.stamp_pdf(certificate, full_id=True)
    before = dict(drawing._backgrounds)
    certificate.holder_name = "李四"
    pdf.stamp_pdf(certificate, full_id=True)
    assert drawing._backgrounds == before and len(before) >= 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("holder_name", "ئەخمەتجان"),  # Uyghur script: not in the CJK font, WeasyPrint falls back
        ("holder_name", "张" * 25),  # the statement would wrap
        ("unit_name", "单" * 40),  # the cell would wrap
        ("unit_name", "新疆\u200b财经大学"),  # an invisible character
        ("specialty", "经济学😀"),
    ],
)
def test_text_that_would_not_sit_as_weasyprint_sets_it_is_laid_out_whole(
    certificate: Certificate, field: str, value: str
) -> None:
    setattr(certificate, field, value)
    assert pdf.density(certificate) == ""
    assert pdf.stamp_pdf(certificate, full_id=True) is None
    assert pdf.render_pdf(certificate, full_id=True).startswith(b"%PDF-")


def test_an_authority_of_three_lines_or_with_punctuation_is_laid_out_whole(
    certificate: Certificate,
) -> None:
    certificate.approval.authority = "乌鲁木齐市职称改革工作领导小组办公室（职称科）"
    assert pdf.stamp_pdf(certificate, full_id=True) is None
    certificate.approval.authority = "乌" * 30
    assert pdf.stamp_pdf(certificate, full_id=True) is None


def test_revoked_and_compact_certificates_are_laid_out_whole(certificate: Certificate) -> None:
    certificate.unit_name = "单" * 90
    certificate.committee_name = "评" * 60
    assert pdf.density(certificate) == "compact"  # smaller type: another layout
    assert pdf.stamp_pdf(certificate, full_id=True) is None
    revoked = Certificate(status=Certificate.Status.REVOKED)
    assert pdf.stamp_pdf(revoked, full_id=True) is None


def test_the_qr_image_has_segnos_pixels() -> None:
    matrix = ((1, 0), (0, 1))
    side, bitmap = drawing.qr_image(matrix, scale=2, border=1)
    assert side == 8 and len(bitmap) == 8  # one byte per row of 8 pixels
    assert bitmap[0] == 0xFF and bitmap[2] == 0b11001111 and bitmap[4] == 0b11110011


def test_no_worker_loads_weasyprint_when_it_starts() -> None:
    code = (
        "import django, sys; django.setup(); "
        "import certificates.tasks, certificates.pdf, certificates.drawing; "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter on a fixed snippet
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "zhicheng.settings_test", "PATH": "/usr/bin:/bin"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert done.stdout.decode().strip() == "False"


# --- a worker's group of copies ------------------------------------------------------------


def test_a_group_keeps_each_copy_with_one_commit_and_skips_kept_ones(
    certificate: Certificate,
) -> None:
    assert pdf.store_pdfs([certificate.pk]) == 1
    certificate.refresh_from_db()
    # (another test of the session may have kept a file of that name: storage adds a suffix)
    assert certificate.pdf_status == "valid"
    assert certificate.pdf.name.startswith(f"certificates/2026/{certificate.pk}-valid")
    with certificate.pdf.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-")
    assert pdf.store_pdfs([certificate.pk]) == 0  # a second delivery finds it kept


def test_a_copy_drawn_while_the_certificate_was_revoked_is_thrown_away(
    certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.utils import timezone

    drawn = pdf.render_pdf

    def revoked_meanwhile(cert: Certificate, *, full_id: bool) -> bytes:
        data = drawn(cert, full_id=full_id)
        Certificate.objects.filter(pk=cert.pk).update(
            status="revoked", revoked_at=timezone.now(), revoked_reason="申报材料弄虚作假"
        )
        return data

    monkeypatch.setattr(pdf, "render_pdf", revoked_meanwhile)
    storage = certificate.pdf.storage
    before = (
        set(storage.listdir("certificates/2026")[1])
        if storage.exists("certificates/2026")
        else set()
    )
    assert pdf.store_pdfs([certificate.pk]) == 0
    certificate.refresh_from_db()
    assert certificate.pdf.name == "" and certificate.pdf_status == ""
    after = (
        set(storage.listdir("certificates/2026")[1])
        if storage.exists("certificates/2026")
        else set()
    )
    assert after == before  # the valid copy drawn meanwhile is removed
