"""Second factor at sign-in: TOTP devices and one-time recovery codes (django-otp).

The actions here are the only code that creates, confirms, uses or removes a second factor;
each writes its audit row (`audit.actions.record`) and never puts a code in it. A person has
at most one confirmed TOTP device and one set of recovery codes (a django-otp StaticDevice).

Recovery codes are stored as keyed digests, not as typed: django-otp's StaticToken compares
the stored string with what it is given, so it is given the digest of what was typed. The
plain codes exist only in the response that shows them once (docs/adr/0018-two-factor-sign-in.md).
"""

from __future__ import annotations

import enum
import math
import secrets
import time
import unicodedata
from base64 import b32encode
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import segno
from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from lib.refusal import Refused
from orgs.models import Region

if TYPE_CHECKING:
    from django.http import HttpRequest

# The stored device names (data, not shown translated).
TOTP_NAME = "动态验证码"  # i18n: data
RECOVERY_NAME = "恢复码"  # i18n: data
# Letters and digits that cannot be mistaken for one another (no i, l, o, 0, 1).
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 10
# How far outside the accepted window a code is still recognised as "late" (not just wrong).
LATE_STEPS = 20


class Refusal(enum.StrEnum):
    WRONG = "wrong"
    REPLAYED = "replayed"
    LATE = "late"
    THROTTLED = "throttled"
    FORMAT = "format"
    RECOVERY_WRONG = "recovery_wrong"
    EXPIRED_ENROLMENT = "expired_enrolment"
    REQUIRED = "required"


# What the audit row says (never the code itself).
AUDIT_REASONS = {
    Refusal.WRONG: gettext_noop("验证码错误"),
    Refusal.REPLAYED: gettext_noop("验证码重复使用"),
    Refusal.LATE: gettext_noop("验证码已过期"),
    Refusal.THROTTLED: gettext_noop("尝试过于频繁"),
    Refusal.FORMAT: gettext_noop("格式不正确"),
    Refusal.RECOVERY_WRONG: gettext_noop("恢复码错误或已使用"),
    Refusal.EXPIRED_ENROLMENT: gettext_noop("绑定已失效"),
    Refusal.REQUIRED: gettext_noop("该角色必须使用双因素认证"),
}


def refusal_message(reason: Refusal, wait_seconds: int = 0) -> str:
    """The sentence the person reads beside the code field."""
    if reason == Refusal.THROTTLED:
        return _("验证失败次数较多，为保护账号请 %(n)s 秒后再试。") % {"n": max(wait_seconds, 1)}
    messages = {
        Refusal.WRONG: _("验证码不正确，请输入身份验证器应用当前显示的 6 位数字。"),
        Refusal.REPLAYED: _(
            "该验证码已经使用过，不能重复使用。请等待身份验证器显示新的验证码后再输入。"
        ),
        Refusal.LATE: _(
            "验证码已过期或不在有效时间内。请输入身份验证器当前显示的验证码，并检查手机时间是否准确。"
        ),
        Refusal.FORMAT: _("请输入 6 位数字验证码，或 10 位恢复码。"),
        Refusal.RECOVERY_WRONG: _("恢复码不正确或已经使用过，每个恢复码只能使用一次。"),
        Refusal.EXPIRED_ENROLMENT: _("绑定信息已失效，请重新扫描页面上的二维码后再输入验证码。"),
        Refusal.REQUIRED: _(
            "您的角色必须使用双因素认证，不能停用；如更换手机请联系人社管理员重置。"
        ),
    }
    return str(messages[reason])


def refused(reason: Refusal, wait_seconds: int = 0) -> Refused:
    """A code was not accepted: the refusal, beside the code field."""
    return Refused(refusal_message(reason, wait_seconds), "code")


# ---------------------------------------------------------------- reading


def required_for(user: User) -> bool:
    """Whether this account's role must sign in with a second factor (settings.OTP_REQUIRED_ROLES)."""
    return str(user.role) in settings.OTP_REQUIRED_ROLES


def totp_device(user: User) -> TOTPDevice | None:
    """The account's confirmed TOTP device, if it has enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalise_code(raw: str) -> str:
    """What was typed, without spaces or dashes, full-width digits made ASCII, lower case."""
    text = unicodedata.normalize("NFKC", raw or "")
    return "".join(ch for ch in text if ch not in " -_\t").lower()


def recovery_digest(code: str) -> str:
    """The keyed digest stored for a recovery code (16 hex characters fit StaticToken.token)."""
    return salted_hmac(
        "accounts.two_factor.recovery", normalise_code(code), algorithm="sha256"
    ).hexdigest()[:16]


def new_recovery_codes(count: int | None = None) -> list[str]:
    """Fresh random recovery codes, shown as `abcde-fghjk`."""
    codes = []
    for _i in range(count or settings.OTP_RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def base32_secret(device: TOTPDevice) -> str:
    """The key as an authenticator app wants it typed, in groups of four."""
    text = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL drawn as an SVG QR code, as a data: URI for an <img> (no inline SVG)."""
    return str(segno.make(device.config_url, error="m").svg_data_uri(scale=4, border=2))


def _time_step(device: TOTPDevice, now: float) -> int:
    return int((int(now) - device.t0) // device.step) + device.drift


def _token_at(device: TOTPDevice, t: int) -> int:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    totp.time = device.t0 + t * device.step
    return int(totp.token())


def diagnose(device: TOTPDevice, token: int, now: float | None = None) -> Refusal:
    """Why a six-digit code the device refused was refused: used before, late, or just wrong.

    Called after django-otp's own check failed; it compares the code with the codes of
    nearby time steps so the person reads a useful message."""
    now = time.time() if now is None else now
    current = _time_step(device, now)
    window = range(current - device.tolerance, current + device.tolerance + 1)
    for t in window:
        if t <= device.last_t and _token_at(device, t) == token:
            return Refusal.REPLAYED
    for offset in range(device.tolerance + 1, LATE_STEPS + 1):
        if token in (_token_at(device, current - offset), _token_at(device, current + offset)):
            return Refusal.LATE
    return Refusal.WRONG


def _throttle_wait(device: Device) -> int:
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, math.ceil((info["locked_until"] - timezone.now()).total_seconds()))


# ---------------------------------------------------------------- actions


def _lock_user(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _replace_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = new_recovery_codes()
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_digest(code)) for code in codes]
    )
    return codes


def start_enrolment(user: User) -> TOTPDevice:
    """Begin 绑定: an unconfirmed TOTP device whose QR code the page shows.

    The same unconfirmed device is returned on every visit (two tabs, a reload), so the
    code the person scanned keeps working until they confirm it."""
    with transaction.atomic():
        _lock_user(user)
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .order_by("-pk")
            .first()
        )
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


@dataclass(frozen=True)
class Enrolment:
    device: TOTPDevice
    recovery_codes: list[str]


def confirm_enrolment(
    user: User, device_id: int, code: str, *, request: HttpRequest | None = None
) -> Enrolment:
    """确认绑定: the first code from the app proves the secret was scanned.

    The device becomes the account's only TOTP device, ten new recovery codes replace any
    old ones, and an OTP_ENROLLED row is written. A wrong, reused or late code raises
    `Refused` (and writes an OTP_FAILED row); nothing else changes."""
    token = normalise_code(code)
    refusal: Refusal | None = None
    wait = 0
    with transaction.atomic():
        _lock_user(user)
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(pk=device_id, user=user, confirmed=False)
            .first()
        )
        if device is None:
            refusal = Refusal.EXPIRED_ENROLMENT
        elif not (token.isdigit() and len(token) == device.digits):
            refusal = Refusal.FORMAT
        elif wait := _throttle_wait(device):
            refusal = Refusal.THROTTLED
        elif not device.verify_token(token):
            refusal = diagnose(device, int(token))
        else:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            codes = _replace_recovery_codes(user)
    if refusal is not None:
        _refuse(user, _("绑定动态验证码失败"), refusal, wait, request)
    assert device is not None  # noqa: S101 - narrowed by the branches above
    record(
        AuditEvent.Action.OTP_ENROLLED,
        actor=user,
        target=user.username,
        detail=_("绑定动态验证码，生成 %(n)s 个恢复码") % {"n": len(codes)},
        request=request,
    )
    return Enrolment(device, codes)


def _refuse(
    user: User, step: str, refusal: Refusal, wait: int, request: HttpRequest | None
) -> NoReturn:
    """Record a refused code (never the code itself) and raise the refusal."""
    record(
        AuditEvent.Action.OTP_FAILED,
        actor=user,
        target=user.username,
        result=AuditEvent.Result.FAILED,
        detail=_("%(step)s：%(reason)s") % {"step": step, "reason": _(AUDIT_REASONS[refusal])},
        request=request,
    )
    raise refused(refusal, wait)


def verify_sign_in(user: User, code: str, *, request: HttpRequest | None = None) -> Device:
    """登录第二步: a six-digit TOTP code, or one of the recovery codes (then used up).

    Returns the device that accepted it (an OTP_VERIFIED or OTP_RECOVERY_USED row is
    written); otherwise raises `Refused` after an OTP_FAILED row. django-otp
    refuses a code of a time step already used (TOTPDevice.last_t) and throttles a device
    after failures (1, 2, 4 … seconds); both persist across sign-ins."""
    token = normalise_code(code)
    refusal: Refusal | None = None
    wait = 0
    accepted: Device | None = None
    left = 0
    with transaction.atomic():
        if token.isdigit() and len(token) == 6:
            totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            if totp is None:
                refusal = Refusal.WRONG
            elif wait := _throttle_wait(totp):
                refusal = Refusal.THROTTLED
            elif totp.verify_token(token):
                accepted = totp
            else:
                refusal = diagnose(totp, int(token))
        elif len(token) == RECOVERY_LENGTH and token.isalnum():
            static = (
                StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
            )
            if static is None:
                refusal = Refusal.RECOVERY_WRONG
            elif wait := _throttle_wait(static):
                refusal = Refusal.THROTTLED
            elif static.verify_token(recovery_digest(token)):
                accepted = static
                left = static.token_set.count()
            else:
                refusal = Refusal.RECOVERY_WRONG
        else:
            refusal = Refusal.FORMAT
    if accepted is None:
        assert refusal is not None  # noqa: S101 - one of the two is always set
        _refuse(user, _("登录第二步失败"), refusal, wait, request)
    if isinstance(accepted, StaticDevice):
        record(
            AuditEvent.Action.OTP_RECOVERY_USED,
            actor=user,
            target=user.username,
            detail=_("使用恢复码登录，剩余 %(n)s 个") % {"n": left},
            request=request,
        )
    else:
        record(
            AuditEvent.Action.OTP_VERIFIED,
            actor=user,
            target=user.username,
            detail=_("动态验证码验证通过"),
            request=request,
        )
    return accepted


def abandon_sign_in(user: User, failures: int, *, request: HttpRequest | None = None) -> None:
    """Too many wrong codes in one sign-in: the password step must be done again."""
    record(
        AuditEvent.Action.OTP_FAILED,
        actor=user,
        target=user.username,
        result=AuditEvent.Result.REFUSED,
        detail=_("连续 %(n)s 次验证失败，本次登录作废，需重新输入密码") % {"n": failures},
        request=request,
    )


def regenerate_recovery_codes(user: User, *, request: HttpRequest | None = None) -> list[str]:
    """重新生成恢复码: the old codes stop working at once."""
    with transaction.atomic():
        _lock_user(user)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise refused(Refusal.EXPIRED_ENROLMENT)
        codes = _replace_recovery_codes(user)
    record(
        AuditEvent.Action.OTP_ENROLLED,
        actor=user,
        target=user.username,
        detail=_("重新生成 %(n)s 个恢复码，旧恢复码作废") % {"n": len(codes)},
        request=request,
    )
    return codes


def disable(user: User, *, request: HttpRequest | None = None) -> None:
    """停用双因素认证 by the holder; refused for the roles that must keep it."""
    if required_for(user):
        record(
            AuditEvent.Action.OTP_RESET,
            actor=user,
            target=user.username,
            result=AuditEvent.Result.REFUSED,
            detail=_("本人停用被拒绝：%(reason)s") % {"reason": _(AUDIT_REASONS[Refusal.REQUIRED])},
            request=request,
        )
        raise refused(Refusal.REQUIRED)
    with transaction.atomic():
        _lock_user(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    record(
        AuditEvent.Action.OTP_RESET,
        actor=user,
        target=user.username,
        detail=_("本人停用双因素认证"),
        request=request,
    )


# ---------------------------------------------------------------- hr_admin reset

STAFF_ROLES = [Role.UNIT_ADMIN, Role.DEPT_REVIEWER, Role.COMMITTEE_STAFF, Role.HR_ADMIN]


def _autonomous(admin: User) -> bool:
    region = admin.admin_region
    return region is None or region.level == Region.Level.AUTONOMOUS


def resettable_roles(admin: User) -> list[str]:
    return [*STAFF_ROLES, Role.APPLICANT] if _autonomous(admin) else list(STAFF_ROLES)


def resettable_accounts(admin: User) -> QuerySet[User]:
    """Accounts whose second factor this hr_admin may reset, never their own: the staff of
    their admin region (a prefecture and its counties); the 自治区 admin every staff account
    and the applicants too (who belong to no region)."""
    qs = User.objects.filter(role__in=resettable_roles(admin)).exclude(pk=admin.pk)
    region = admin.admin_region
    if region is None or _autonomous(admin):
        return qs
    return qs.filter(
        Q(unit__region=region)
        | Q(department__region=region)
        | Q(department__region__parent=region)
        | Q(committee__region=region)
        | Q(admin_region=region)
        | Q(admin_region__parent=region)
    )


def reset_for(
    admin: User, target: User, reason: str, *, request: HttpRequest | None = None
) -> None:
    """重置双因素认证 of a colleague who lost their phone: every device and recovery code is
    removed; at their next request they are taken to 绑定 again. The target must be within the
    admin's region (Http404 otherwise, raised by the caller's queryset)."""
    with transaction.atomic():
        locked = resettable_accounts(admin).select_for_update().get(pk=target.pk)
        TOTPDevice.objects.filter(user=locked).delete()
        StaticDevice.objects.filter(user=locked).delete()
    record(
        AuditEvent.Action.OTP_RESET,
        actor=admin,
        target=f"{locked.username}（{locked.get_role_display()}）",
        detail=_("管理员重置，原因：%(reason)s") % {"reason": reason},
        request=request,
    )
