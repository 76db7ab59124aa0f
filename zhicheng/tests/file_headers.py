"""What every response carrying a user's file must say (zhicheng/serving.py), for the tests."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from zhicheng.serving import FILE_POLICY


def assert_user_file(response: Any, *, inline: bool, filename: str, content_type: str) -> None:
    """The file is served sandboxed, unsniffed, uncached, with its own name in UTF-8."""
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["Content-Security-Policy"] == FILE_POLICY
    assert response["Content-Security-Policy"].startswith("sandbox;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("inline;" if inline else "attachment;")
    assert f"filename*=UTF-8''{quote(filename, safe='')}" in disposition
