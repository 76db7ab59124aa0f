"""Sending text messages (短信) through the sender the environment names.

`settings.SMS_BACKEND` is a short name or a dotted path to a class with `send(mobile, text)`:

- "http" — `HttpSmsSender`, a gateway that takes a JSON POST (SMS_HTTP_URL, SMS_HTTP_KEY);
- "file" — `FileSmsSender`, appends to SMS_OUTBOX_PATH and logs the text (development);
- "console" — `ConsoleSmsSender`, logs the text only (development);
- "locmem" — `LocmemSmsSender`, keeps messages in memory (tests).

The development senders put codes where anyone who reads the file or the log can see them,
so with DEBUG off they refuse to start — a system check error (recovery.E001) and
ImproperlyConfigured on first use — unless SMS_ALLOW_DEV_BACKEND=1 says so explicitly.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from pathlib import Path
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

from lib.mobile import mask_mobile

log = logging.getLogger(__name__)

SHORT_NAMES = {
    "http": "recovery.sms.HttpSmsSender",
    "file": "recovery.sms.FileSmsSender",
    "console": "recovery.sms.ConsoleSmsSender",
    "locmem": "recovery.sms.LocmemSmsSender",
}
DEFAULT_BACKEND = "file"


class SmsSender(Protocol):
    def send(self, mobile: str, text: str) -> None: ...


class SmsError(Exception):
    """The message was not accepted. The exception never carries the text (it holds codes)."""


class FileSmsSender:
    """Appends messages to a local file and the console log (development and demos)."""

    development = True

    def __init__(self, path: Path | None = None) -> None:
        default = Path(settings.BASE_DIR) / "var" / "sms-outbox.log"
        self.path = Path(path or getattr(settings, "SMS_OUTBOX_PATH", None) or default)

    def send(self, mobile: str, text: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(f"{timezone.now().isoformat()}\t{mobile}\t{text}\n")
        log.info("sms to %s: %s", mask_mobile(mobile), text)


class ConsoleSmsSender:
    """Writes messages to the log only (development without a file)."""

    development = True

    def send(self, mobile: str, text: str) -> None:
        log.info("sms to %s: %s", mask_mobile(mobile), text)


class LocmemSmsSender:
    """Keeps messages in memory (tests): `LocmemSmsSender.outbox` is a list of (mobile, text)."""

    development = True
    outbox: list[tuple[str, str]] = []

    def send(self, mobile: str, text: str) -> None:
        LocmemSmsSender.outbox.append((mobile, text))


class HttpSmsSender:
    """A gateway that takes `{"mobile": ..., "text": ...}` as a JSON POST to SMS_HTTP_URL with
    `Authorization: Bearer SMS_HTTP_KEY`; any 2xx answer means accepted.

    Most Chinese SMS providers offer such an endpoint (or a relay in front of their own API
    does). The text is never logged; failures raise SmsError naming only the status.
    """

    development = False

    def __init__(
        self, url: str | None = None, key: str | None = None, timeout: float | None = None
    ) -> None:
        self.url = url if url is not None else str(getattr(settings, "SMS_HTTP_URL", ""))
        self.key = key if key is not None else str(getattr(settings, "SMS_HTTP_KEY", ""))
        self.timeout = float(timeout or int(getattr(settings, "SMS_HTTP_TIMEOUT", 10)))
        if not self.url.startswith(("https://", "http://")):
            raise ImproperlyConfigured("SMS_HTTP_URL must be an http(s) address")

    def send(self, mobile: str, text: str) -> None:
        body = json.dumps({"mobile": mobile, "text": text}, ensure_ascii=False).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {self.key}",
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            error.close()
        except (urllib.error.URLError, OSError) as error:
            reason = type(getattr(error, "reason", error)).__name__
            log.warning("sms to %s failed: gateway unreachable (%s)", mask_mobile(mobile), reason)
            raise SmsError(f"SMS gateway unreachable ({reason})") from None
        if not 200 <= status < 300:
            log.warning("sms to %s refused by the gateway: HTTP %s", mask_mobile(mobile), status)
            raise SmsError(f"SMS gateway answered HTTP {status}")
        log.info("sms to %s accepted by the gateway", mask_mobile(mobile))


def backend_path() -> str:
    """The dotted path of the configured sender class."""
    name = str(getattr(settings, "SMS_BACKEND", "") or DEFAULT_BACKEND).strip()
    return SHORT_NAMES.get(name.lower(), name)


def backend_class() -> type:
    try:
        sender: type = import_string(backend_path())
    except ImportError as error:
        raise ImproperlyConfigured(f"SMS_BACKEND {backend_path()!r} cannot be imported") from error
    return sender


def is_development_backend() -> bool:
    """Whether the configured sender shows codes to whoever reads its file or log."""
    return bool(getattr(backend_class(), "development", False))


def development_backend_refused() -> bool:
    """A development sender with DEBUG off and no explicit SMS_ALLOW_DEV_BACKEND."""
    allowed = settings.DEBUG or getattr(settings, "SMS_ALLOW_DEV_BACKEND", False)
    return not allowed and is_development_backend()


REFUSED = (
    "SMS_BACKEND {backend} writes codes to a file or the log; with DEBUG off it is refused. "
    "Set SMS_BACKEND=http (see .env.example), or SMS_ALLOW_DEV_BACKEND=1 on a demo server."
)


def sms_sender() -> SmsSender:
    if development_backend_refused():
        raise ImproperlyConfigured(REFUSED.format(backend=backend_path()))
    sender: SmsSender = backend_class()()
    return sender


def send_sms(mobile: str, text: str) -> None:
    sms_sender().send(mobile, text)
