"""The demo staff accounts' second factor (DEBUG only): one published TOTP secret and fixed
recovery codes, so a person can sign in as demo_dept, demo_committee or demo_hr with any
authenticator app. Never used outside development: the secret is printed by load_demo_data.

Idempotent: the device is kept while its key is the demo key (so a code already used stays
used), the recovery codes are restored on every load.
"""

from __future__ import annotations

import io
from base64 import b32decode
from dataclasses import dataclass
from urllib.parse import quote

import segno
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User
from accounts.two_factor import RECOVERY_NAME, TOTP_NAME, recovery_digest, required_for

# Base32, as typed into an authenticator app ("DEMO TOTP" four times: clearly not a real key).
DEMO_TOTP_SECRET = "DEMOTOTPDEMOTOTPDEMOTOTPDEMOTOTP"  # noqa: S105 - published, DEBUG only
DEMO_RECOVERY_CODES = [f"demo{n}-code{n}" for n in range(10)]


@dataclass(frozen=True)
class DemoSecondFactor:
    usernames: list[str]
    secret: str
    recovery_codes: list[str]

    @property
    def otpauth_url(self) -> str:
        issuer = quote(settings.OTP_TOTP_ISSUER)
        return (
            f"otpauth://totp/{issuer}:demo?secret={self.secret}&issuer={issuer}&digits=6&period=30"
        )


def demo_key() -> str:
    return b32decode(DEMO_TOTP_SECRET).hex()


def enrol_demo_staff(users: list[User]) -> DemoSecondFactor:
    """Give every demo account whose role must have a second factor the demo TOTP device and
    the demo recovery codes."""
    enrolled = []
    key = demo_key()
    with transaction.atomic():
        for user in users:
            if not required_for(user):
                continue
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None or device.key != key:
                TOTPDevice.objects.filter(user=user).delete()
                TOTPDevice.objects.create(user=user, name=TOTP_NAME, key=key, confirmed=True)
            StaticDevice.objects.filter(user=user).delete()
            static = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
            StaticToken.objects.bulk_create(
                [StaticToken(device=static, token=recovery_digest(c)) for c in DEMO_RECOVERY_CODES]
            )
            enrolled.append(user.username)
    return DemoSecondFactor(enrolled, DEMO_TOTP_SECRET, list(DEMO_RECOVERY_CODES))


def format_second_factor(demo: DemoSecondFactor) -> str:
    """The lines the demo banner prints under the logins."""
    secret = " ".join(demo.secret[i : i + 4] for i in range(0, len(demo.secret), 4))
    qr = io.StringIO()
    segno.make(demo.otpauth_url, error="l").terminal(out=qr, compact=True, border=2)
    return "\n".join(
        [
            f"双因素认证（{'、'.join(demo.usernames)} 登录时需要）：",
            f"  用身份验证器应用扫描下面的二维码，或手动添加密钥 {secret}（基于时间，6 位，30 秒）",
            qr.getvalue().rstrip("\n"),
            f"  演示恢复码（每个只能用一次，重新载入演示数据后恢复）：{' '.join(demo.recovery_codes)}",
        ]
    )
