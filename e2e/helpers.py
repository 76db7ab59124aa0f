"""Helpers for browser tests."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot as e2e/screenshots/<name>.png and return its path."""
    safe = re.sub(r"[^\w.-]+", "_", name).strip("_") or "page"
    if not safe.endswith(".png"):
        safe += ".png"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / safe
    page.screenshot(path=str(path), full_page=True)
    return path
