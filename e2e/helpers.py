"""Helpers for browser tests."""

from __future__ import annotations

import os
import re
from pathlib import Path
from urllib.parse import urlparse

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from testing.otp import next_totp_code

# E2E_SCREENSHOTS=/some/dir keeps a run's screenshots apart (e.g. to look at them afterwards).
SCREENSHOTS = Path(
    os.environ.get("E2E_SCREENSHOTS") or Path(__file__).resolve().parent / "screenshots"
)
VERIFY_PATH = "/accounts/login/verify/"


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as e2e/screenshots/<name>.png and return its path."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "page"
    if not safe.endswith(".png"):
        safe += ".png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / safe
    page.screenshot(path=str(path), full_page=True)
    return path


def submit_sign_in(page: Page, username: str) -> None:
    """Press 登录 on a filled sign-in form; when the account has a second factor, type the code
    its authenticator app would show now (computed from the device's key, as the app does)."""
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('登录')")
    if urlparse(page.url).path == VERIFY_PATH:
        device = TOTPDevice.objects.get(user__username=username, confirmed=True)
        page.fill("#id_code", next_totp_code(device))
        with page.expect_navigation():
            page.click("button[type=submit]:has-text('验证并登录')")
