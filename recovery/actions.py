"""找回用户名和密码: every state change of the recovery app.

Four ways for a person — an SMS code to the registered mobile, a link to the registered
e-mail, ID number + name + registered contact, an ID-card image reviewed by hr_admin —
and 账号申诉 with a licence image for a unit. Each ends in a single-use `ResetGrant`
whose page shows the username and sets a new password.

Nothing here tells a caller whether an account exists: the same rows are written and
the same digests computed either way; only the message (sent later, on commit) differs.
Secrets are kept as keyed digests; single use is a row state changed under
`select_for_update()`.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core import signing
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.models import Role, User
from lib.files import CheckedUpload
from orgs.models import BaseUnit
from recovery.models import Appeal, RecoveryCode, ResetGrant, Via
from recovery.sms import send_sms

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
EMAIL_LINK_TTL = timedelta(hours=1)
STEP_TTL = timedelta(minutes=15)  # after a code or the identity check: time to type a password
APPEAL_LINK_TTL = timedelta(hours=24)
GRANT_SIGNING_NAMESPACE = "recovery.grant"

# Per hour and per way: one address (a whole hospital behind one NAT) gets more room
# than one target (a mobile, an e-mail, an ID number).
RATE_WINDOW_SECONDS = 60 * 60
IP_LIMIT = 30
TARGET_LIMIT = 5


class RecoveryError(Exception):
    """A refused recovery step; the message is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _digest(purpose: str, value: str) -> str:
    return salted_hmac(f"recovery.{purpose}", value, algorithm="sha256").hexdigest()


# --- rate limits ---------------------------------------------------------------------


def allow_attempt(way: str, ip: str, target: str, *, target_limit: int | None = None) -> bool:
    """Count one attempt of `way` from `ip` at `target`; False once either is over its limit.

    Counted before any lookup, so the answer is the same for accounts that do not exist.
    Targets are kept as digests: no ID number or mobile ends up in the cache.
    """
    allowed = True
    for key, limit in (
        (f"recovery:rl:{way}:ip:{_digest('ip', ip)}", IP_LIMIT),
        (f"recovery:rl:{way}:t:{_digest('target', target.lower())}", target_limit or TARGET_LIMIT),
    ):
        cache.add(key, 0, RATE_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, RATE_WINDOW_SECONDS)
            count = 1
        if count > limit:
            allowed = False
    return allowed


# --- reset grants (the last step of every way) -------------------------------------------


def _new_grant_token(user: User | None, via: str, ttl: timedelta) -> str:
    """A signed token naming a new grant; with no user, the same work is done and discarded."""
    secret = secrets.token_urlsafe(24)
    token_hash = _digest("grant", secret)
    if user is None:
        return ""
    now = timezone.now()
    grant = ResetGrant.objects.create(
        user=user, via=via, token_hash=token_hash, created_at=now, expires_at=now + ttl
    )
    return signing.dumps([grant.pk, secret], salt=GRANT_SIGNING_NAMESPACE)


def _parse_token(token: str) -> tuple[int, str] | None:
    try:
        pk, secret = signing.loads(token, salt=GRANT_SIGNING_NAMESPACE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(secret, str):
        return None
    return pk, secret


def _open_grant(grant: ResetGrant, secret: str) -> bool:
    return (
        grant.used_at is None
        and grant.expires_at > timezone.now()
        and constant_time_compare(grant.token_hash, _digest("grant", secret))
    )


def grant_user(token: str) -> User | None:
    """The account a reset token may still change, or None (unknown, used or expired)."""
    parsed = _parse_token(token)
    if parsed is None:
        return None
    grant = ResetGrant.objects.select_related("user").filter(pk=parsed[0]).first()
    if grant is None or not _open_grant(grant, parsed[1]) or not grant.user.is_active:
        return None
    return grant.user


LINK_GONE = "该链接已失效（已使用或已过期），请重新找回。"


def reset_password(token: str, password: str) -> User:
    """Set a new password with a grant and use the grant up (single use, under a row lock).

    Every other open grant and code of the account is closed too, and a sign-in lockout
    left by forgotten-password attempts is lifted.
    """
    parsed = _parse_token(token)
    if parsed is None:
        raise RecoveryError(_(LINK_GONE))
    now = timezone.now()
    with transaction.atomic():
        grant = ResetGrant.objects.select_for_update().filter(pk=parsed[0]).first()
        if grant is None or not _open_grant(grant, parsed[1]):
            raise RecoveryError(_(LINK_GONE))
        user = User.objects.select_for_update().get(pk=grant.user_id)
        if not user.is_active:
            raise RecoveryError(_(LINK_GONE))
        user.set_password(password)
        user.save(update_fields=["password"])
        grant.used_at = now
        grant.save(update_fields=["used_at"])
        ResetGrant.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        RecoveryCode.objects.filter(
            user=user, used_at__isnull=True, invalidated_at__isnull=True
        ).update(invalidated_at=now)
    _lift_lockout(user)
    log.info("password reset user=%s via=%s grant=%s", user.pk, grant.via, grant.pk)
    return user


def _lift_lockout(user: User) -> None:
    try:
        from axes.utils import reset as axes_reset
    except ImportError:  # pragma: no cover - axes is installed
        return
    axes_reset(username=f"user:{user.pk}")


def reset_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("recovery:reset", args=[token])


# --- way 1: a code to the registered mobile -------------------------------------------------


def _code_hash(salt: str, code: str) -> str:
    return _digest("code", f"{salt}:{code}")


def _mobile_account(mobile: str) -> User | None:
    # An applicant and a unit administrator may share a mobile: the applicant comes first.
    users = list(User.objects.filter(mobile=mobile, is_active=True).order_by("role", "pk")[:5])
    applicants = [u for u in users if u.role == Role.APPLICANT]
    chosen = applicants or users
    return chosen[0] if chosen else None


def request_sms_code(mobile: str) -> int:
    """Send a 6-digit code to a registered mobile; returns the code row's id for the session.

    A row is written whether or not the mobile is registered (then with no account and no
    message), so the next page and every answer after it look the same.
    """
    code = f"{secrets.randbelow(10**6):06d}"
    salt = secrets.token_hex(8)
    now = timezone.now()
    with transaction.atomic():
        user = _mobile_account(mobile)
        RecoveryCode.objects.filter(
            mobile=mobile, used_at__isnull=True, invalidated_at__isnull=True
        ).update(invalidated_at=now)
        row = RecoveryCode.objects.create(
            user=user,
            mobile=mobile,
            salt=salt,
            code_hash=_code_hash(salt, code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        if user is not None:
            text = _(
                "【新疆职称管理平台】您正在找回账号，验证码 %(code)s，10 分钟内有效。如非本人操作请忽略。"
            ) % {"code": code}
            transaction.on_commit(lambda: send_sms(mobile, text))
    log.info("recovery code issued row=%s matched=%s", row.pk, user is not None)
    return row.pk


@dataclass(frozen=True)
class CodeOutcome:
    token: str = ""
    message: str = ""


def verify_sms_code(code_id: int, code: str) -> str:
    """Check a typed code: a token for the reset page, or RecoveryError.

    Ten minutes, one use, five wrong tries close the code. The attempt counter is saved
    even though the check fails, so the refusal is raised after the transaction.
    """
    with transaction.atomic():
        row = RecoveryCode.objects.select_for_update().filter(pk=code_id).first()
        outcome = _check_code(row, code)
    if outcome.message:
        raise RecoveryError(outcome.message)
    return outcome.token


def _check_code(row: RecoveryCode | None, code: str) -> CodeOutcome:
    if row is None or not row.is_open():
        return CodeOutcome(message=_("验证码已失效（已使用、已过期或错误次数过多），请重新获取。"))
    matches = constant_time_compare(row.code_hash, _code_hash(row.salt, code))
    if not matches or row.user is None:
        row.attempts += 1
        fields = ["attempts"]
        if row.attempts >= CODE_MAX_ATTEMPTS:
            row.invalidated_at = timezone.now()
            fields.append("invalidated_at")
        row.save(update_fields=fields)
        left = CODE_MAX_ATTEMPTS - row.attempts
        if left <= 0:
            return CodeOutcome(message=_("验证码错误次数过多，已失效，请重新获取。"))
        return CodeOutcome(message=_("验证码不正确，还可以再试 %(n)s 次。") % {"n": left})
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return CodeOutcome(token=_new_grant_token(row.user, Via.SMS, STEP_TTL))


# --- way 2: a link to the registered e-mail ----------------------------------------------


def request_email_link(email: str, base_url: str) -> None:
    """E-mail a one-hour, single-use reset link to each account registered with `email`."""
    with transaction.atomic():
        users = list(User.objects.filter(email__iexact=email, is_active=True).order_by("pk")[:5])
        links = [(u, _new_grant_token(u, Via.EMAIL, EMAIL_LINK_TTL)) for u in users]
        if not users:
            _new_grant_token(None, Via.EMAIL, EMAIL_LINK_TTL)  # the same work, nothing kept
        for user, token in links:
            body = _(
                "您好，%(name)s：\n\n您正在找回新疆专业技术人员职称管理平台的账号。\n"
                "您的用户名：%(username)s\n请在 1 小时内打开以下链接设置新密码（只能使用一次）：\n"
                "%(link)s\n\n如非本人操作，请忽略本邮件，您的密码不会改变。"
            ) % {
                "name": user.display_name,
                "username": user.username,
                "link": reset_url(base_url, token),
            }
            address = user.email
            transaction.on_commit(
                lambda b=body, a=address: _mail(_("找回用户名和密码"), b, a)  # type: ignore[misc]
            )
    log.info("recovery e-mail requested matched=%s", len(users))


def _mail(subject: str, body: str, address: str) -> None:
    send_mail(subject, body, None, [address])


# --- way 3: ID number, name and a registered contact --------------------------------------


def verify_identity(id_number: str, real_name: str, contact: str) -> str | None:
    """All three match one account → a token for the reset page; otherwise None."""
    contact = contact.strip()
    query = Q(mobile=contact) if contact.isdigit() else Q(email__iexact=contact)
    with transaction.atomic():
        user = (
            User.objects.filter(id_number=id_number, real_name=real_name, is_active=True)
            .filter(query)
            .first()
        )
        token = _new_grant_token(user, Via.IDENTITY, STEP_TTL)
    log.info("identity check matched=%s", user is not None)
    return token or None


# --- way 4 and 账号申诉: reviewed by hr_admin -----------------------------------------------


@dataclass(frozen=True)
class PersonAppealData:
    id_number: str
    real_name: str
    contact_mobile: str
    contact_email: str


@dataclass(frozen=True)
class UnitAppealData:
    unit_name: str
    uscc: str
    contact_name: str
    contact_mobile: str
    contact_email: str


def _store_scan(appeal: Appeal, scan: CheckedUpload) -> None:
    appeal.scan.save(scan.display_name, ContentFile(scan.content), save=False)
    appeal.scan_name = scan.display_name


def submit_person_appeal(data: PersonAppealData, scan: CheckedUpload) -> Appeal:
    """个人账号申诉 with an ID-card image. Recorded even when nothing matches (same answer)."""
    user = User.objects.filter(
        id_number=data.id_number, real_name=data.real_name, role=Role.APPLICANT
    ).first()
    appeal = Appeal(
        kind=Appeal.Kind.PERSON,
        user=user,
        id_number=data.id_number,
        real_name=data.real_name,
        contact_mobile=data.contact_mobile,
        contact_email=data.contact_email,
    )
    _store_scan(appeal, scan)
    with transaction.atomic():
        appeal.save()
    log.info("person appeal submitted appeal=%s matched=%s", appeal.pk, user is not None)
    return appeal


def submit_unit_appeal(data: UnitAppealData, scan: CheckedUpload) -> Appeal:
    """单位账号申诉 with the licence image: unit name + credit code + the new contact."""
    unit = BaseUnit.objects.filter(uscc=data.uscc, name=data.unit_name).first()
    user = (
        User.objects.filter(unit=unit, role=Role.UNIT_ADMIN).order_by("pk").first()
        if unit is not None
        else None
    )
    appeal = Appeal(
        kind=Appeal.Kind.UNIT,
        user=user,
        unit_name=data.unit_name,
        uscc=data.uscc,
        contact_name=data.contact_name,
        contact_mobile=data.contact_mobile,
        contact_email=data.contact_email,
    )
    _store_scan(appeal, scan)
    with transaction.atomic():
        appeal.save()
    log.info("unit appeal submitted appeal=%s matched=%s", appeal.pk, user is not None)
    return appeal


def _locked_pending(appeal_id: int) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal_id)
    if appeal.status != Appeal.Status.PENDING:
        raise RecoveryError(_("该申诉已处理，不能重复审核。"))
    return appeal


def _notify(appeal: Appeal, subject: str, text: str) -> Callable[[], None]:
    mobile, email = appeal.contact_mobile, appeal.contact_email

    def send() -> None:
        send_sms(mobile, text)
        if email:
            _mail(subject, text, email)

    return send


def approve_appeal(appeal_id: int, actor: User, base_url: str) -> Appeal:
    """通过 an appeal: a 24-hour reset link goes to the contact given in the appeal.

    A unit appeal also makes that contact the administrator account's mobile and e-mail.
    """
    with transaction.atomic():
        appeal = _locked_pending(appeal_id)
        if appeal.user_id is None:
            raise RecoveryError(_("没有与申诉信息相符的账号，只能驳回。"))
        user = User.objects.select_for_update().get(pk=appeal.user_id)
        if appeal.kind == Appeal.Kind.UNIT:
            user.mobile = appeal.contact_mobile
            if appeal.contact_email:
                user.email = appeal.contact_email
            user.save(update_fields=["mobile", "email"])
        via = Via.UNIT_APPEAL if appeal.kind == Appeal.Kind.UNIT else Via.APPEAL
        token = _new_grant_token(user, via, APPEAL_LINK_TTL)
        appeal.status = Appeal.Status.APPROVED
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["status", "decided_by", "decided_at"])
        text = _(
            "【新疆职称管理平台】您的账号申诉已通过。用户名：%(username)s。请在 24 小时内打开链接设置新密码：%(link)s"
        ) % {"username": user.username, "link": reset_url(base_url, token)}
        transaction.on_commit(_notify(appeal, _("账号申诉已通过"), text))
    log.info("appeal approved appeal=%s by=%s", appeal.pk, actor.pk)
    return appeal


def reject_appeal(appeal_id: int, actor: User, reason: str) -> Appeal:
    """驳回 an appeal with a reason, which is sent to the contact given in the appeal."""
    with transaction.atomic():
        appeal = _locked_pending(appeal_id)
        appeal.status = Appeal.Status.REJECTED
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.reason = reason
        appeal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        text = _("【新疆职称管理平台】您的账号申诉未通过，原因：%(reason)s") % {"reason": reason}
        transaction.on_commit(_notify(appeal, _("账号申诉未通过"), text))
    log.info("appeal rejected appeal=%s by=%s", appeal.pk, actor.pk)
    return appeal
