"""The official 评审表 after formal review: a body laid out once on the worker, each print only
stamping its marking on it (docs/adr/0041-stamped-review-form.md)."""

from __future__ import annotations

import errno
import re
import subprocess
import sys
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.files.storage import FileSystemStorage
from django.db.models import F
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageChops, ImageStat

from accounts.models import User
from applications.models import Application
from conftest import APPLICANT_ID
from documents import bodies, pdf, printing, stamping
from documents.models import PrintRecord, ReviewFormBody
from documents.tests.conftest import drive_to_passed, pdf_fonts, pdf_pages, pdf_text
from lib.idcard import mask_id_number

pytestmark = pytest.mark.django_db

DISK_FAILURE = OSError(errno.EIO, "Input/output error", "/srv/zhicheng/private/review-forms")


def official(app: Application) -> str:
    return reverse("documents:review_form", args=[app.pk])


def get_pdf(client: Client, user: User, url: str) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    return response.content


@pytest.fixture
def no_layout(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every WeasyPrint layout of a form recorded (and still done)."""
    done: list[str] = []
    real = pdf.render

    def render(html: str) -> Any:
        done.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "render", render)
    return done


def assert_marked(text: str, app: Application, printer: User | None, serial: str) -> None:
    """The print's watermark line (and its printer, unless None) and footer serial."""
    line = rf"{app.number} 张三 打印时间 \d{{4}}-\d\d-\d\d \d\d:\d\d 打印人 "
    name = re.escape(printer.display_name) if printer is not None else ""
    assert re.search(line + name, text), text[-600:]
    assert f"正式表 打印流水号 {serial}" in text


def test_passing_lays_both_bodies_out_on_the_worker_and_prints_only_stamp_them(
    client: Client,
    settings: Any,
    teacher_draft: Application,
    applicant: User,
    unit_admin: User,
    dept_reviewer: User,
    committee_staff: User,
    no_layout: list[str],
) -> None:
    settings.REVIEW_FORM_BODY_ON_WORKER = True
    # The task backend of the tests runs a task when the move commits, as a worker would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        app = drive_to_passed(teacher_draft, unit_admin, dept_reviewer, committee_staff)
    rows = {row.full_id: row for row in ReviewFormBody.objects.filter(application=app)}
    assert set(rows) == {True, False}
    assert {row.version for row in rows.values()} == {app.version}
    for row in rows.values():
        with row.file.open("rb") as handle:
            body = handle.read()
        assert body.startswith(b"%PDF-") and pdf_pages(body) == 2
        text = pdf_text(body)  # the body itself carries no marking
        assert "打印时间" not in text and "打印流水号" not in text
    laid_out = len(no_layout)
    assert laid_out >= 2

    own = pdf_text(get_pdf(client, applicant, official(app)))
    staff = pdf_text(get_pdf(client, committee_staff, official(app)))
    assert len(no_layout) == laid_out, "a print laid the form out again"
    first, second = PrintRecord.objects.order_by("pk")
    assert_marked(own, app, applicant, first.serial)
    assert_marked(staff, app, committee_staff, second.serial)
    assert APPLICANT_ID in own
    assert APPLICANT_ID not in staff and mask_id_number(APPLICANT_ID) in staff


def test_the_stamped_print_looks_like_the_form_laid_out_whole(
    tmp_path: Path, teacher_passed: Application, committee_staff: User
) -> None:
    with translation.override("zh-hans"):
        mark = printing.marking(
            teacher_passed, committee_staff, official=True, serial="DY123456789"
        )
    body = bodies.lay_out(teacher_passed, full_id=False)
    assert body.marks is not None
    stamped = stamping.stamp(
        body.pdf,
        body.marks,
        line=printing.watermark_line(mark),
        serial=printing.serial_line(mark),
    )
    assert stamped is not None and stamped.startswith(body.pdf)  # the body kept byte for byte
    whole = printing.review_form_marked(teacher_passed, mask_id_number(APPLICANT_ID), mark).pdf
    assert pdf_pages(stamped) == 2
    for page in (1, 2):
        new, old = pdf_text(stamped, page), pdf_text(whole, page)
        assert mark.text in new and "正式表 打印流水号 DY123456789" in new
        assert new.count(mark.text) == old.count(mark.text) > 0  # as clipped by its box
        a, b = (
            pixels(tmp_path, f"stamped{page}", stamped, page),
            pixels(tmp_path, f"whole{page}", whole, page),
        )
        assert a.size == b.size
        difference = ImageChops.difference(a, b)
        # Anti-aliasing may differ by a shade; no glyph or line moves.
        assert ImageStat.Stat(difference).mean[0] < 0.1
        assert sum(difference.histogram()[97:]) < a.size[0] * a.size[1] / 5000
    names = {f["name"].split("+", 1)[-1] for f in pdf_fonts(stamped)}
    assert {"Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC"} <= names
    assert all(f["emb"] == "yes" for f in pdf_fonts(stamped))


def pixels(tmp_path: Path, name: str, data: bytes, page: int) -> Image.Image:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    command = ["pdftoppm", "-r", "100", "-gray", "-png", "-singlefile", "-f", str(page)]
    subprocess.run([*command, "-l", str(page), str(path), str(tmp_path / name)], check=True)  # noqa: S603
    return Image.open(tmp_path / f"{name}.png").convert("L")


def test_a_stale_or_missing_body_is_laid_out_again_and_the_print_still_works(
    client: Client, teacher_passed: Application, applicant: User, no_layout: list[str]
) -> None:
    get_pdf(client, applicant, official(teacher_passed))  # the first print keeps the body
    row = ReviewFormBody.objects.get(application=teacher_passed)
    assert row.full_id and row.version == teacher_passed.version
    storage = row.file.storage
    old_name = row.file.name
    laid_out = len(no_layout)
    get_pdf(client, applicant, official(teacher_passed))
    assert len(no_layout) == laid_out  # kept: stamped only

    # The application's version moved on: the kept body is stale.
    Application.objects.filter(pk=teacher_passed.pk).update(version=F("version") + 1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        text = pdf_text(get_pdf(client, applicant, official(teacher_passed)))
    assert len(no_layout) > laid_out
    assert_marked(text, teacher_passed, applicant, PrintRecord.objects.latest("pk").serial)
    row.refresh_from_db()
    assert row.version == teacher_passed.version + 1 and row.file.name != old_name
    assert not storage.exists(old_name)  # the replaced file is gone once the row committed

    # Laid out by other templates or code: stale too.
    ReviewFormBody.objects.filter(pk=row.pk).update(layout="0" * 16)
    laid_out = len(no_layout)
    get_pdf(client, applicant, official(teacher_passed))
    assert len(no_layout) > laid_out
    assert ReviewFormBody.objects.get(pk=row.pk).layout == bodies.layout_key()

    # The file itself lost: laid out again, never a 500.
    row.refresh_from_db()
    storage.delete(row.file.name)
    text = pdf_text(get_pdf(client, applicant, official(teacher_passed)))
    assert_marked(text, teacher_passed, applicant, PrintRecord.objects.latest("pk").serial)
    assert ReviewFormBody.objects.count() == 1


def assert_storage_503(response: Any) -> None:
    page = response.content.decode()
    assert response.status_code == 503
    assert "文件存储服务暂时无法访问" in page and "/srv/zhicheng" not in page


def test_the_file_store_unreachable_is_a_503_and_nothing_is_recorded(
    client: Client, teacher_passed: Application, applicant: User
) -> None:
    client.force_login(applicant)
    # No body yet: it is laid out, and cannot be kept.
    with mock.patch.object(FileSystemStorage, "_save", side_effect=DISK_FAILURE):
        assert_storage_503(client.get(official(teacher_passed)))
    assert not ReviewFormBody.objects.exists()
    assert not PrintRecord.objects.exists()
    # A body kept: it cannot be read.
    get_pdf(client, applicant, official(teacher_passed))
    PrintRecord.objects.all().delete()
    with mock.patch.object(FileSystemStorage, "_open", side_effect=DISK_FAILURE):
        assert_storage_503(client.get(official(teacher_passed)))
    assert not PrintRecord.objects.exists()
    assert client.get(official(teacher_passed)).status_code == 200  # the store is back


def test_a_marking_the_font_cannot_set_is_laid_out_whole(
    client: Client, teacher_passed: Application, committee_staff: User, no_layout: list[str]
) -> None:
    get_pdf(client, committee_staff, official(teacher_passed))  # the body is kept
    committee_staff.real_name = "ئەخمەت"  # Arabic script: not in Noto Sans CJK
    committee_staff.save(update_fields=["real_name"])
    laid_out = len(no_layout)
    text = pdf_text(get_pdf(client, committee_staff, official(teacher_passed)))
    assert len(no_layout) > laid_out  # WeasyPrint, with its font fallback
    assert_marked(text, teacher_passed, None, PrintRecord.objects.latest("pk").serial)


def test_who_may_print_is_unchanged_and_nobody_else_causes_a_layout(
    client: Client,
    teacher_passed: Application,
    outsider: User,
    other_unit_admin: User,
    no_layout: list[str],
) -> None:
    for user in (outsider, other_unit_admin):
        client.force_login(user)
        assert client.get(official(teacher_passed)).status_code == 404
    assert not no_layout
    assert not ReviewFormBody.objects.exists() and not PrintRecord.objects.exists()


def test_a_form_in_review_gets_no_body_and_the_official_print_is_still_refused(
    client: Client, settings: Any, teacher_draft: Application, applicant: User
) -> None:
    from applications import actions

    settings.REVIEW_FORM_BODY_ON_WORKER = True
    with TestCase.captureOnCommitCallbacks(execute=True):
        actions.submit(applicant, teacher_draft.pk, expected_version=None)
    client.force_login(applicant)
    assert client.get(official(teacher_draft)).status_code == 409
    assert not ReviewFormBody.objects.exists()
    assert bodies.freeze(teacher_draft.pk) == 0


def test_no_worker_imports_weasyprint_when_it_starts() -> None:
    """A web or task worker starts (django.setup(), the URLconf with every view, every module
    that declares a task) without WeasyPrint; the first layout imports it."""
    root = Path(__file__).resolve().parents[2]
    task_modules = sorted(
        ".".join(path.relative_to(root).with_suffix("").parts)
        for app in root.iterdir()
        if (app / "apps.py").exists()
        for path in app.rglob("*.py")
        if not {"tests", "migrations"} & set(path.parts) and "@task" in path.read_text("utf-8")
    )
    assert "documents.tasks" in task_modules and "certificates.tasks" in task_modules
    code = (
        "import django, importlib, sys; django.setup(); "
        "from django.urls import get_resolver; get_resolver().url_patterns; "
        f"[importlib.import_module(m) for m in {task_modules!r}]; "
        "import documents.bodies, documents.bulk, documents.pdf, documents.stamping; "
        "print('weasyprint' in sys.modules)"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter on a fixed snippet
        [sys.executable, "-c", code],
        capture_output=True,
        check=True,
        env={"DJANGO_SETTINGS_MODULE": "zhicheng.settings_test", "PATH": "/usr/bin:/bin"},
        cwd=root,
    )
    assert done.stdout.decode().strip().splitlines()[-1] == "False"
