"""Keep a checked upload across a form re-display, so nobody has to choose the file again.

When a registration form fails on another field, the scan already checked is saved under
`tmp/` in private storage and the form carries a signed token naming it. The token is
bound to the session, so it cannot be replayed from another browser.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from django.core import signing
from django.core.files.base import ContentFile
from django.http import HttpRequest

from lib.files import CheckedUpload
from zhicheng.uploads import private_storage

SALT = "accounts.uploads.stash"
MAX_AGE = 2 * 60 * 60


def _session_key(request: HttpRequest) -> str:
    if not request.session.session_key:
        request.session.save()
    return request.session.session_key or ""


def stash(request: HttpRequest, upload: CheckedUpload) -> str:
    path = private_storage().save(
        f"tmp/{uuid.uuid4().hex}.{upload.kind}", ContentFile(upload.content)
    )
    payload = {"p": path, "n": upload.display_name, "k": upload.kind, "s": _session_key(request)}
    return signing.dumps(payload, salt=SALT, compress=True)


def unstash(request: HttpRequest, token: str) -> CheckedUpload | None:
    """The upload a token names, if the token is genuine, fresh, and from this session."""
    if not token:
        return None
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("s") != request.session.session_key or not str(payload.get("p", "")).startswith(
        "tmp/"
    ):
        return None
    storage = private_storage()
    try:
        with storage.open(payload["p"], "rb") as fh:
            content = fh.read()
    except OSError:
        return None
    return CheckedUpload(content=content, kind=payload["k"], display_name=payload["n"])


def discard(token: str) -> None:
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return
    path = str(payload.get("p", ""))
    if path.startswith("tmp/"):
        private_storage().delete(path)


def remove_abandoned(older_than: datetime) -> int:
    """Delete stashed scans saved before `older_than`: their registration was never finished
    (a token lives two hours; the scheduler removes what is left). Returns how many went."""
    storage = private_storage()
    try:
        _dirs, names = storage.listdir("tmp")
    except FileNotFoundError:
        return 0  # nothing was ever stashed
    removed = 0
    for name in names:
        path = f"tmp/{name}"
        try:
            if storage.get_modified_time(path) < older_than:
                storage.delete(path)
                removed += 1
        except FileNotFoundError:
            continue  # removed by its own registration meanwhile
    return removed
