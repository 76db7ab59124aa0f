"""Attachments: upload into a slot, reuse from the 附件库, remove, and who may open a file."""

from __future__ import annotations

import io
from typing import Any, cast

from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import User
from applications.models import Application, Attachment, SlotFile
from applications.tests.pages import flashed, signed_in, text
from conftest import make_pdf, make_png, upload
from lib.files import MAX_UPLOAD_BYTES

LIBRARY = reverse("applications:library")


def upload_url(app: Application, key: str = "basic", slot: str = "idcard") -> str:
    return reverse("applications:upload", args=[app.pk, key, slot])


def pick_url(app: Application, key: str = "basic", slot: str = "idcard") -> str:
    return reverse("applications:pick", args=[app.pk, key, slot])


def placed(app: Application) -> list[str]:
    return [
        p.attachment.display_name
        for p in SlotFile.objects.filter(application=app).select_related("attachment")
    ]


def test_a_good_scan_is_uploaded_into_the_slot_and_the_library(
    client: Client, draft: Application
) -> None:
    response = signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("身份证正面.png", make_png())}
    )
    assert response.status_code == 302
    assert (
        response["Location"]
        == reverse("applications:section", args=[draft.pk, "basic"]) + "#slot-idcard"
    )
    assert flashed(response) == ["已上传“身份证正面.png”到“身份证”。"]
    assert placed(draft) == ["身份证正面.png"]
    assert Attachment.objects.filter(owner=draft.applicant).count() == 1
    html = text(client.get(reverse("applications:section", args=[draft.pk, "basic"])))
    assert "身份证正面.png" in html and "（1/2）" in html


def test_a_pdf_is_accepted(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("证明.pdf", make_pdf())}
    )
    assert placed(draft) == ["证明.pdf"]
    assert Attachment.objects.get().kind == "pdf"


def test_an_oversize_file_is_refused_and_nothing_is_stored(
    client: Client, draft: Application
) -> None:
    big = b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES
    response = signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("大文件.pdf", big)}
    )
    html = text(response)
    assert response.status_code == 200
    assert "文件不能超过 2MB" in html and 'id="slot-idcard"' in html
    assert not Attachment.objects.exists() and not SlotFile.objects.exists()


def test_a_fake_pdf_is_refused(client: Client, draft: Application) -> None:
    fake = b"<html><script>alert(1)</script></html>"
    html = text(
        signed_in(client, draft.applicant).post(
            upload_url(draft), {"file": upload("scan.pdf", fake)}
        )
    )
    assert "只能上传 JPG、PNG 图片或 PDF 文件" in html
    html = text(client.post(upload_url(draft), {"file": upload("empty.pdf", b"")}))
    assert "文件是空的" in html
    html = text(client.post(upload_url(draft), {}))
    assert "请选择要上传的文件" in html
    assert not Attachment.objects.exists() and not SlotFile.objects.exists()


def test_a_sideways_photo_is_stored_upright(client: Client, draft: Application) -> None:
    image = Image.new("RGB", (60, 20), "white")
    exif = image.getexif()
    exif[0x0112] = 6  # rotated 90° clockwise
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("侧拍.jpg", out.getvalue())}
    )
    stored = Attachment.objects.get()
    with stored.file.open("rb") as fh, Image.open(fh) as upright:
        assert upright.size == (20, 60)


def test_a_full_slot_takes_no_more(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant)
    for colour in ("red", "blue"):
        client.post(upload_url(draft), {"file": upload(f"{colour}.png", make_png(color=colour))})
    html = text(
        client.post(upload_url(draft), {"file": upload("third.png", make_png(color="green"))})
    )
    assert "最多上传 2 个文件" in html
    assert len(placed(draft)) == 2 and Attachment.objects.count() == 2


def test_the_library_lists_files_and_they_can_be_reused(client: Client, draft: Application) -> None:
    signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("身份证.png", make_png())}
    )
    scan = Attachment.objects.get()
    html = text(client.get(LIBRARY))
    assert "身份证.png" in html and str(draft.number) in html and "1 基本信息/身份证" in html
    assert reverse("applications:library_file", args=[scan.pk]) in html

    # Removed from the slot, it stays in the library and is picked again from there.
    slot_file = SlotFile.objects.get()
    client.post(reverse("applications:remove", args=[draft.pk, slot_file.pk]))
    assert placed(draft) == [] and Attachment.objects.count() == 1
    assert "未使用" in text(client.get(LIBRARY))
    html = text(client.get(reverse("applications:section", args=[draft.pk, "basic"])))
    assert f'<option value="{scan.pk}">身份证.png' in html
    response = client.post(pick_url(draft), {"attachment": scan.pk})
    assert response.status_code == 302 and placed(draft) == ["身份证.png"]

    # The same content uploaded again is not stored twice.
    client.post(upload_url(draft), {"file": upload("again.png", make_png())})
    assert Attachment.objects.count() == 1


def test_another_applicants_file_cannot_be_picked(
    client: Client, draft: Application, outsider: User
) -> None:
    from applications import actions
    from lib.files import CheckedUpload

    theirs = actions.store_attachment(outsider, CheckedUpload(make_png(), "png", "李四.png"))
    html = text(signed_in(client, draft.applicant).post(pick_url(draft), {"attachment": theirs.pk}))
    assert "所选文件不在您的附件库中" in html
    assert placed(draft) == []
    assert client.get(reverse("applications:library_file", args=[theirs.pk])).status_code == 404
    assert "李四.png" not in text(client.get(LIBRARY))


def test_removing_asks_first(client: Client, filled: Application) -> None:
    slot_file = SlotFile.objects.get(application=filled)
    url = reverse("applications:remove", args=[filled.pk, slot_file.pk])
    html = text(signed_in(client, filled.applicant).get(url))
    assert "确定从申请书" in html and "身份证.png" in html and "确定删除" in html
    assert SlotFile.objects.filter(pk=slot_file.pk).exists()
    response = client.post(url)
    assert response.status_code == 302 and not SlotFile.objects.filter(pk=slot_file.pk).exists()
    assert Attachment.objects.filter(pk=slot_file.attachment_id).exists()


def test_nothing_changes_on_a_submitted_application(client: Client, submitted: Application) -> None:
    slot_file = SlotFile.objects.get(application=submitted)
    signed_in(client, submitted.applicant)
    html = text(
        client.post(upload_url(submitted), {"file": upload("new.png", make_png(color="red"))})
    )
    assert "审核期间不能修改附件" in html
    response = client.post(reverse("applications:remove", args=[submitted.pk, slot_file.pk]))
    assert "审核期间不能修改附件" in flashed(response)[-1]
    assert list(SlotFile.objects.filter(application=submitted)) == [slot_file]
    assert Attachment.objects.count() == 1


# --- opening a file ------------------------------------------------------------------------


def test_the_owner_opens_a_file_inline_with_safe_headers(
    client: Client, filled: Application
) -> None:
    slot_file = SlotFile.objects.get(application=filled)
    response = signed_in(client, filled.applicant).get(
        reverse("applications:attachment", args=[filled.pk, slot_file.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(cast(Any, response).streaming_content).startswith(b"\x89PNG")


def test_reviewers_see_files_only_once_it_reached_them(
    client: Client, filled: Application, unit_admin: User, other_unit_admin: User
) -> None:
    from applications import actions

    url = reverse(
        "applications:attachment", args=[filled.pk, SlotFile.objects.get(application=filled).pk]
    )
    assert (
        signed_in(client, unit_admin).get(url).status_code == 404
    )  # a draft is the applicant's alone
    actions.submit(filled.applicant, filled.pk, expected_version=None)
    assert client.get(url).status_code == 200
    assert signed_in(client, other_unit_admin).get(url).status_code == 404


def test_another_applicants_file_is_a_404(
    client: Client, filled: Application, outsider: User, draft: Application
) -> None:
    slot_file = SlotFile.objects.get(application=filled)
    signed_in(client, outsider)
    assert (
        client.get(reverse("applications:attachment", args=[filled.pk, slot_file.pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("applications:library_file", args=[slot_file.attachment_id])).status_code
        == 404
    )


def test_a_file_of_another_application_is_not_served_through_mine(
    client: Client, filled: Application, outsider: User
) -> None:
    """The slot file id must belong to the application in the URL."""
    from applications import actions
    from catalog.models import Level, Title
    from orgs.models import CommitteeScope

    senior = Title.objects.create(
        series=filled.series, level=Level.ASSOCIATE_SENIOR, name="副研究员"
    )
    CommitteeScope.objects.create(
        committee=filled.committee, series=filled.series, level=Level.ASSOCIATE_SENIOR
    )
    mine = actions.create_application(
        outsider, title=senior, specialty=filled.specialty, unit=filled.unit
    )
    slot_file = SlotFile.objects.get(application=filled)
    response = signed_in(client, outsider).get(
        reverse("applications:attachment", args=[mine.pk, slot_file.pk])
    )
    assert response.status_code == 404
