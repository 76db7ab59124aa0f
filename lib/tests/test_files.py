import io

import pytest
from PIL import Image

from conftest import make_pdf, make_png
from lib.files import MAX_UPLOAD_BYTES, UploadError, check_upload, safe_display_name


def test_it_accepts_png_jpeg_and_pdf_by_content() -> None:
    assert check_upload(io.BytesIO(make_png()), "scan.png").kind == "png"
    assert check_upload(io.BytesIO(make_pdf()), "scan.pdf").kind == "pdf"
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "JPEG")
    assert check_upload(io.BytesIO(out.getvalue()), "photo.jpeg").kind == "jpg"


def test_it_names_the_file_after_its_real_content() -> None:
    checked = check_upload(io.BytesIO(make_png()), "scan.pdf")
    assert checked.kind == "png"
    assert checked.display_name == "scan.png"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "空"),
        (b"<html><script>alert(1)</script></html>", "只能上传"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "只能上传"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "只能上传"),
        (make_png()[:40], "损坏"),
        (b"%PDF-1.4\n garbage that is not a pdf", "PDF"),
    ],
)
def test_it_refuses_what_is_not_a_sound_scan(content: bytes, message: str) -> None:
    with pytest.raises(UploadError) as err:
        check_upload(io.BytesIO(content), "scan.pdf")
    assert message in str(err.value)


def _pdf_of_size(size: int) -> bytes:
    pdf = make_pdf()
    # A PDF comment after the trailer keeps the file valid and pads it to the size wanted.
    return pdf + b"%" + b"x" * (size - len(pdf) - 2) + b"\n"


def test_exactly_two_megabytes_is_accepted_and_one_byte_more_refused() -> None:
    exact = _pdf_of_size(MAX_UPLOAD_BYTES)
    assert len(exact) == MAX_UPLOAD_BYTES
    assert check_upload(io.BytesIO(exact), "a.pdf").kind == "pdf"
    with pytest.raises(UploadError, match="2MB"):
        check_upload(io.BytesIO(_pdf_of_size(MAX_UPLOAD_BYTES + 1)), "a.pdf")


def test_it_turns_a_sideways_photo_upright() -> None:
    image = Image.new("RGB", (60, 20), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    checked = check_upload(io.BytesIO(out.getvalue()), "side.jpg")
    with Image.open(io.BytesIO(checked.content)) as fixed:
        assert fixed.size == (20, 60)
        assert fixed.getexif().get(0x0112) in (None, 1)


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("scan.pdf.exe", "scan.png"),
        ("a\x00b.png", "ab.png"),
        ("ئۇيغۇرچە ھۆججەت.png", "ئۇيغۇرچە ھۆججەت.png"),
        ("\u202eevil\u202cgnp.png", "evilgnp.png"),
        ("x" * 300 + ".png", "x" * 120 + ".png"),
        ("", "附件.png"),
    ],
)
def test_it_makes_display_names_harmless(name: str, shown: str) -> None:
    assert safe_display_name(name, "png") == shown
