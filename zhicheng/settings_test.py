"""Settings for the test suite: the real settings with fast hashing and throw-away files."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

os.environ.setdefault("ALLOW_INSECURE_SECRET", "1")

from zhicheng.settings import *  # noqa: E402,F403
from zhicheng.settings import STORAGES  # noqa: E402

# Argon2 stays first so the production algorithm is what registration and sign-in tests
# exercise, at the smallest costs it allows (testing/hashers.py: ~150 ms a hash otherwise);
# MD5 is listed only so fixtures can make users fast via make_password(..., hasher="md5").
PASSWORD_HASHERS = [
    "testing.hashers.FastArgon2PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
]
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="zc-test-private-"))
STORAGES = {
    **STORAGES,
    "default": {
        "BACKEND": "zhicheng.storage.LocalStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "private": {
        "BACKEND": "zhicheng.storage.LocalStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Text messages kept in memory (recovery.sms.LocmemSmsSender.outbox); DEBUG is off here, so
# the development sender must be allowed explicitly.
SMS_BACKEND = "locmem"
SMS_ALLOW_DEV_BACKEND = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# A server the tests start (the browser tests' live server) closes its database connection
# when each request ends, not a minute later: a browser keeps its sockets open, so a kept
# connection could still be open when the test database is dropped ("being accessed by other
# users" at teardown on PostgreSQL). The test client's requests are not affected.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Tasks run inside the caller (after the commit that enqueues them), so a test sees their
# effect at once; tests of the worker itself switch to the database backend.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": TASK_QUEUES,  # noqa: F405
    }
}
# Passing an application does not lay its 评审表 out in the caller (two WeasyPrint layouts per
# pass in every suite that passes one); documents' tests switch it on where they test it.
REVIEW_FORM_BODY_ON_WORKER = False
