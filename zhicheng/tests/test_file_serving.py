"""Every user file leaves through zhicheng.serving: sandboxed, unsniffed, named in UTF-8.

One test per view that serves a stored file; the generated ones (printed forms,
certificates, the meeting spreadsheet) are tested beside their apps' other tests.
"""

from __future__ import annotations

from typing import Any, cast

import pytest
from django.core.files.base import ContentFile
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications import actions as app_actions
from applications.models import Application, SlotFile
from conftest import make_pdf, make_png
from lib.files import CheckedUpload
from orgs.models import BaseUnit
from portal.models import NoticeAttachment
from portal.tests.test_notices import make_notice
from recovery.models import Appeal
from recovery.tests.test_appeals import person_fields
from training.tests.test_records import record
from zhicheng.serving import (
    FILE_POLICY,
    content_disposition,
    serve_bytes,
    serve_file,
    type_of,
)
from zhicheng.tests.file_headers import assert_user_file

pytestmark = pytest.mark.django_db

UYGHUR = "ئۇيغۇرچە ھۆججەت.png"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def body(response: Any) -> bytes:
    return b"".join(cast(Any, response).streaming_content)


# --- the helper ------------------------------------------------------------------------------


def test_images_and_pdfs_are_inline_everything_else_is_a_download() -> None:
    for kind in ("image/jpeg", "image/png", "application/pdf"):
        response = serve_bytes(b"x", "a", kind)
        assert response["Content-Disposition"].startswith("inline;")
    for kind in ("text/html", "image/svg+xml", "application/octet-stream", type_of("a.xlsx")):
        response = serve_bytes(b"x", "a", kind)
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Security-Policy"] == FILE_POLICY


def test_the_file_policy_sandboxes_and_allows_only_the_file_itself() -> None:
    directives = [d.strip() for d in FILE_POLICY.split(";")]
    assert directives[0] == "sandbox"  # no allow-scripts, no allow-forms, no allow-same-origin
    assert "default-src 'none'" in directives
    assert "frame-ancestors 'none'" in directives
    assert not any("script" in d or "plugin-types" in d for d in directives)


def test_uyghur_and_chinese_names_are_kept_in_rfc_5987_form() -> None:
    header = content_disposition(UYGHUR, inline=True)
    assert header.startswith('inline; filename="')
    assert "filename*=UTF-8''%D8%A6%DB%87" in header
    header = content_disposition("会议评审结果-2026-1.xlsx", inline=False)
    assert header.startswith('attachment; filename="-2026-1.xlsx"; ')
    assert "filename*=UTF-8''%E4%BC%9A%E8%AE%AE" in header
    assert 'filename="review-form-1.pdf"' in content_disposition(
        "评审表-1.pdf", inline=True, ascii_name="review-form-1.pdf"
    )


def test_a_name_cannot_break_out_of_the_header() -> None:
    header = content_disposition('a"\r\nSet-Cookie: x=1;.pdf', inline=True)
    assert "\r" not in header and "\n" not in header
    assert header.count('"') == 2
    assert 'filename="a_Set-Cookie__x_1_.pdf"' in header


def test_a_stored_file_that_is_gone_is_a_404(applicant: User) -> None:
    with pytest.raises(Http404):
        serve_file(applicant.id_card_scan, "x.png")
    applicant.id_card_scan.name = "ids/missing.png"
    with pytest.raises(Http404):
        serve_file(applicant.id_card_scan, "x.png")


def test_an_unnamed_file_gets_a_name_that_follows_its_content(applicant: User) -> None:
    applicant.id_card_scan.save("a.pdf", ContentFile(make_pdf()), save=False)
    response = serve_file(applicant.id_card_scan, "")
    assert_user_file(response, inline=True, filename="附件.pdf", content_type="application/pdf")


# --- each view that serves a stored file -----------------------------------------------------


def test_the_id_card_scan_is_served_sandboxed(applicant: User) -> None:
    applicant.id_card_scan.save("a.png", ContentFile(make_png()), save=False)
    applicant.id_card_scan_name = UYGHUR
    applicant.save()
    response = signed_in(applicant).get(reverse("accounts:id_card_scan"))
    assert_user_file(response, inline=True, filename=UYGHUR, content_type="image/png")
    assert body(response).startswith(b"\x89PNG")


def test_the_licence_scan_is_served_sandboxed(unit_admin: User, unit_a: BaseUnit) -> None:
    unit_a.licence_scan.save("l.pdf", ContentFile(make_pdf()), save=False)
    unit_a.licence_scan_name = "营业执照 2024.pdf"
    unit_a.save()
    response = signed_in(unit_admin).get(reverse("orgs:licence", args=[unit_a.pk]))
    assert_user_file(
        response, inline=True, filename="营业执照 2024.pdf", content_type="application/pdf"
    )


def test_a_licence_stored_under_an_unchecked_extension_is_only_a_download(
    unit_admin: User, unit_a: BaseUnit
) -> None:
    # Files from before the content checks keep whatever they were; they are never rendered.
    unit_a.licence_scan.save("old.bin", ContentFile(b"<html><script>1</script>"), save=False)
    unit_a.licence_scan_name = "执照.html"
    unit_a.save()
    response = signed_in(unit_admin).get(reverse("orgs:licence", args=[unit_a.pk]))
    assert_user_file(
        response, inline=False, filename="执照.html", content_type="application/octet-stream"
    )


def test_the_recovery_appeal_scan_is_served_sandboxed(
    client: Client, applicant: User, hr_admin: User
) -> None:
    client.post(reverse("recovery:appeal"), person_fields())
    appeal = Appeal.objects.get(kind="person")
    response = signed_in(hr_admin).get(reverse("recovery:scan", args=[appeal.pk]))
    assert_user_file(response, inline=True, filename="身份证.png", content_type="image/png")


def test_a_notice_attachment_is_served_sandboxed(hr_admin: User) -> None:
    notice = make_notice(hr_admin)
    item = NoticeAttachment(notice=notice, display_name="附件1.pdf", kind="pdf", size=10)
    item.file.save("n.pdf", ContentFile(make_pdf()), save=False)
    item.save()
    response = Client().get(reverse("portal:notice_file", args=[notice.pk, item.pk]))
    assert_user_file(response, inline=True, filename="附件1.pdf", content_type="application/pdf")


def test_training_evidence_is_served_sandboxed(
    applicant: User, unit_a: BaseUnit, unit_admin: User
) -> None:
    item = record(applicant, unit_a)
    for viewer in (applicant, unit_admin):
        response = signed_in(viewer).get(reverse("training:evidence", args=[item.pk]))
        assert_user_file(response, inline=True, filename="证书.pdf", content_type="application/pdf")


def test_an_application_attachment_and_the_library_file_are_served_sandboxed(
    draft: Application,  # noqa: F811
) -> None:
    owner = draft.applicant
    scan = app_actions.store_attachment(owner, CheckedUpload(make_png(), "png", UYGHUR))
    app_actions.place_attachment(owner, draft.pk, "basic", "idcard", scan)
    placed = SlotFile.objects.get(application=draft)
    client = signed_in(owner)
    response = client.get(reverse("applications:attachment", args=[draft.pk, placed.pk]))
    assert_user_file(response, inline=True, filename=UYGHUR, content_type="image/png")
    response = client.get(reverse("applications:library_file", args=[scan.pk]))
    assert_user_file(response, inline=True, filename=UYGHUR, content_type="image/png")
