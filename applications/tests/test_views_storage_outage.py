"""The file store unreachable: uploads and file pages answer a Chinese 503, nothing half written.

The local disk "fails" by making FileSystemStorage's own read/write raise the OSError a dying
disk gives (EIO); the object store "fails" by botocore's connection errors. The storage in
front of them (zhicheng.storage) must turn those into the 503 page, never a 500 and never the
404 a merely missing file gets.
"""

from __future__ import annotations

import errno
from unittest import mock

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.urls import reverse

from applications.models import Application, Attachment, SlotFile
from applications.tests.pages import signed_in, text
from conftest import make_png, upload
from zhicheng.storage import S3Storage, StorageUnavailable, is_storage_outage

DISK_FAILURE = OSError(errno.EIO, "Input/output error", "/srv/zhicheng/private/attachments")
S3_DOWN = EndpointConnectionError(endpoint_url="https://oss.internal.example:9000/bucket")


def upload_url(app: Application) -> str:
    return reverse("applications:upload", args=[app.pk, "basic", "idcard"])


def assert_storage_503(response: object) -> None:
    html = text(response)
    assert response.status_code == 503  # type: ignore[attr-defined]
    assert "服务暂时不可用" in html and "文件存储服务暂时无法访问" in html
    assert "/srv/zhicheng" not in html and "oss.internal" not in html


@pytest.mark.parametrize("failure", [DISK_FAILURE, S3_DOWN], ids=["disk", "s3"])
def test_an_upload_while_the_store_is_down_answers_503_and_writes_no_row(
    client: Client, draft: Application, failure: Exception
) -> None:
    version = draft.version
    with mock.patch.object(FileSystemStorage, "_save", side_effect=failure):
        response = signed_in(client, draft.applicant).post(
            upload_url(draft), {"file": upload("身份证正面.png", make_png())}
        )
    assert_storage_503(response)
    assert not Attachment.objects.exists()
    assert not SlotFile.objects.exists()
    draft.refresh_from_db()
    assert draft.version == version


def test_the_same_upload_succeeds_once_the_store_is_back(
    client: Client, draft: Application
) -> None:
    with mock.patch.object(FileSystemStorage, "_save", side_effect=DISK_FAILURE):
        signed_in(client, draft.applicant).post(
            upload_url(draft), {"file": upload("身份证正面.png", make_png())}
        )
    response = client.post(upload_url(draft), {"file": upload("身份证正面.png", make_png())})
    assert response.status_code == 302
    assert SlotFile.objects.filter(application=draft).count() == 1


@pytest.fixture
def placed(client: Client, draft: Application) -> SlotFile:
    signed_in(client, draft.applicant).post(
        upload_url(draft), {"file": upload("身份证正面.png", make_png())}
    )
    return SlotFile.objects.select_related("attachment").get(application=draft)


@pytest.mark.parametrize("failure", [DISK_FAILURE, S3_DOWN], ids=["disk", "s3"])
def test_a_file_page_while_the_store_is_down_answers_503(
    client: Client, placed: SlotFile, failure: Exception
) -> None:
    url = reverse("applications:attachment", args=[placed.application_id, placed.pk])
    with mock.patch.object(FileSystemStorage, "_open", side_effect=failure):
        response = client.get(url)
    assert_storage_503(response)
    assert client.get(url).status_code == 200  # the store is back: the file is there


def test_a_missing_file_is_still_a_404_not_an_outage(client: Client, placed: SlotFile) -> None:
    placed.attachment.file.storage.delete(placed.attachment.file.name)
    url = reverse("applications:attachment", args=[placed.application_id, placed.pk])
    assert client.get(url).status_code == 404


# --- the S3 storage itself, against an endpoint nobody answers -------------------------------


@pytest.fixture
def unreachable_s3(monkeypatch: pytest.MonkeyPatch) -> S3Storage:
    from botocore.config import Config

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    return S3Storage(
        bucket_name="zhicheng-private",
        endpoint_url="http://127.0.0.1:1",
        region_name="us-east-1",
        client_config=Config(retries={"max_attempts": 1, "mode": "standard"}, connect_timeout=1),
    )


def test_the_s3_storage_raises_storage_unavailable_when_unreachable(
    unreachable_s3: S3Storage,
) -> None:
    with pytest.raises(StorageUnavailable):
        unreachable_s3.save("attachments/x.png", ContentFile(make_png()))
    with pytest.raises(StorageUnavailable):
        unreachable_s3.open("attachments/x.png")
    with pytest.raises(StorageUnavailable):
        unreachable_s3.exists("attachments/x.png")


def test_only_server_errors_of_the_store_count_as_an_outage() -> None:
    def client_error(status: int) -> ClientError:
        return ClientError(
            {"Error": {"Code": str(status)}, "ResponseMetadata": {"HTTPStatusCode": status}},
            "GetObject",
        )

    assert is_storage_outage(client_error(503))
    assert is_storage_outage(client_error(500))
    assert not is_storage_outage(client_error(404))
    assert not is_storage_outage(client_error(403))
    assert is_storage_outage(S3_DOWN)
    assert not is_storage_outage(FileNotFoundError("gone"))
