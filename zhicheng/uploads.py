"""Where uploaded scans go: a private storage, under random names."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django.core.files.storage import Storage, storages
from django.utils import timezone
from django.utils.deconstruct import deconstructible


def private_storage() -> Storage:
    """The storage for scans: never under the static or a public media URL."""
    return storages["private"]


@deconstructible
class upload_path:  # noqa: N801 - used like a function in model fields
    """upload_to callable: `<folder>/<yyyy>/<mm>/<uuid>.<ext>`; the user's file name is kept apart."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: Any, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        if ext not in ("jpg", "png", "pdf"):
            ext = "bin"
        now = timezone.now()
        return f"{self.folder}/{now:%Y/%m}/{uuid.uuid4().hex}.{ext}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, upload_path) and other.folder == self.folder


UploadTo = Callable[[Any, str], str]
