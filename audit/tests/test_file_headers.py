"""The audit export is served as every user file is (zhicheng.serving): a sandboxed download."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from zhicheng.serving import FILE_POLICY

pytestmark = pytest.mark.django_db


def test_the_audit_export_is_a_sandboxed_download(hr_admin: User) -> None:
    client = Client()
    client.force_login(hr_admin)
    response = client.get(reverse("sysadmin:audit_export"))
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="audit-log.xlsx"; ')
    # 安全审计-<date>-<time>.xlsx, in UTF-8.
    assert re.search(
        r"filename\*=UTF-8''%E5%AE%89%E5%85%A8%E5%AE%A1%E8%AE%A1-\d{8}-\d{6}\.xlsx", disposition
    )
    assert response.content.startswith(b"PK")
