"""Startup checks: the SMS sender and the rate limits must be usable as configured.

They run with every management command that checks (runserver, migrate, `check --deploy`);
gunicorn does not run checks, so `recovery.sms.sms_sender` refuses again on first use.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from recovery import sms
from zhicheng.ratelimit import parse_rate


@register()
def check_sms_backend(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        sender = sms.backend_class()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="SMS_BACKEND: http, file, console, locmem or a dotted path",
                id="recovery.E002",
            )
        ]
    if sms.development_backend_refused():
        return [
            Error(
                sms.REFUSED.format(backend=sms.backend_path()),
                hint="Set SMS_BACKEND=http with SMS_HTTP_URL and SMS_HTTP_KEY (.env.example).",
                id="recovery.E001",
            )
        ]
    if sender is sms.HttpSmsSender:
        url = str(getattr(settings, "SMS_HTTP_URL", ""))
        if not url.startswith(("https://", "http://")) or not getattr(settings, "SMS_HTTP_KEY", ""):
            return [
                Error(
                    "SMS_BACKEND=http needs SMS_HTTP_URL (http or https) and SMS_HTTP_KEY.",
                    id="recovery.E003",
                )
            ]
    return []


@register()
def check_rate_limits(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for name, text in getattr(settings, "RATE_LIMITS", {}).items():
        try:
            parse_rate(text)
        except ValueError:
            errors.append(
                Error(
                    f"RATE_LIMITS[{name!r}] = {text!r} is not a rate.",
                    hint="Write count/period, e.g. 30/h, 20/10m, 10/d.",
                    id="ratelimit.E001",
                )
            )
    return errors
