"""Storages that say plainly when the file store itself cannot be reached.

An unreachable object store (S3: no connection, a timeout, a 5xx answer) or a failing local
disk (any OSError but "no such file") raises `StorageUnavailable`, which the last-net
middleware answers with the 503 page; "no such file" stays FileNotFoundError, which the file
views already answer with a 404. `StorageUnavailable` is deliberately not an OSError, so those
views' `except OSError` do not hide an outage as a missing file.

Writes happen before the row that points at them (applications.actions.store_attachment and
the other upload actions save the file first), so a failed write leaves no row behind.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from botocore.exceptions import ClientError, HTTPClientError
from botocore.exceptions import ConnectionError as BotoConnectionError
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from storages.backends.s3 import S3Storage as BaseS3Storage

T = TypeVar("T")


class StorageUnavailable(Exception):
    """The file store could not be reached; nothing was read or written."""


def _botocore_outage(error: BaseException) -> bool:
    if isinstance(error, BotoConnectionError | HTTPClientError):
        return True
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return int(status) >= 500
    return False


def is_storage_outage(error: BaseException) -> bool:
    """True for errors that mean "the store is unreachable", not "this file is missing"."""
    if isinstance(error, StorageUnavailable):
        return True
    return _botocore_outage(error)


def _local_outage(error: BaseException) -> bool:
    return isinstance(error, OSError) and not isinstance(
        error, FileNotFoundError | IsADirectoryError | NotADirectoryError
    )


def _guard(call: Callable[[], T], outage: Callable[[BaseException], bool]) -> T:
    try:
        return call()
    except StorageUnavailable:
        raise
    except Exception as error:
        if outage(error):
            # The message names no host or path: it reaches logs and nothing else.
            raise StorageUnavailable(type(error).__name__) from error
        raise


class LocalStorage(FileSystemStorage):
    """FileSystemStorage that raises StorageUnavailable when the disk itself fails."""

    @property
    def _base(self) -> Any:
        return super()

    def _open(self, name: str, mode: str = "rb") -> File:
        return _guard(lambda: self._base._open(name, mode), _local_outage)

    def _save(self, name: str, content: File) -> str:
        return _guard(lambda: self._base._save(name, content), _local_outage)

    def delete(self, name: str) -> None:
        _guard(lambda: self._base.delete(name), _local_outage)

    def exists(self, name: str) -> bool:
        return _guard(lambda: self._base.exists(name), _local_outage)

    def size(self, name: str) -> int:
        return _guard(lambda: self._base.size(name), _local_outage)


class S3Storage(BaseS3Storage):
    """django-storages' S3Storage that raises StorageUnavailable when the store is unreachable.

    A file opened for reading is fetched at once (scans are at most 2 MB), so a failure shows
    here, before a response has started, rather than half-way through a download.
    """

    @property
    def _base(self) -> Any:
        return super()

    def _open(self, name: str, mode: str = "rb") -> Any:
        def fetch() -> Any:
            handle = self._base._open(name, mode)
            if "r" in mode:
                handle.file  # noqa: B018 - downloads the object now
            return handle

        return _guard(fetch, _botocore_outage)

    def _save(self, name: str, content: Any) -> str:
        return _guard(lambda: self._base._save(name, content), _botocore_outage)

    def delete(self, name: str) -> None:
        _guard(lambda: self._base.delete(name), _botocore_outage)

    def exists(self, name: str) -> bool:
        return _guard(lambda: self._base.exists(name), _botocore_outage)

    def size(self, name: str) -> int:
        return _guard(lambda: self._base.size(name), _botocore_outage)
