"""Sending text messages (短信). No gateway is contracted yet, so the default writes to a file.

`settings.SMS_BACKEND` names the sender class (dotted path); the default is
`recovery.sms.FileSmsSender`, which appends each message to `var/sms-outbox.log`
(`settings.SMS_OUTBOX_PATH`) and logs it, so a demo can read the code there. A real
gateway is one more class with the same `send` method.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)

DEFAULT_BACKEND = "recovery.sms.FileSmsSender"


class SmsSender(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


def mask_mobile(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:] if len(mobile) == 11 else "***"


class FileSmsSender:
    """Appends messages to a local file and the console log (development and demos)."""

    def __init__(self, path: Path | None = None) -> None:
        default = Path(settings.BASE_DIR) / "var" / "sms-outbox.log"
        self.path = Path(path or getattr(settings, "SMS_OUTBOX_PATH", None) or default)

    def send(self, mobile: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(f"{timezone.now().isoformat()}\t{mobile}\t{text}\n")
        log.info("sms to %s: %s", mask_mobile(mobile), text)


class LocmemSmsSender:
    """Keeps messages in memory (tests): `LocmemSmsSender.outbox` is a list of (mobile, text)."""

    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        LocmemSmsSender.outbox.append((mobile, text))


def sms_sender() -> SmsSender:
    backend = getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND) or DEFAULT_BACKEND
    sender: SmsSender = import_string(backend)()
    return sender


def send_sms(mobile: str, text: str) -> None:
    sms_sender().send(mobile, text)
