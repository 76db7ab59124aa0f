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
from dataclasses import dataclass
from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.models import Role, User
from audit.actions import record
from audit.models import AuditEvent
from lib.files import CheckedUpload
from lib.refusal import Refused, Stale
from orgs.models import BaseUnit
from recovery import tasks, tokens
from recovery.models import Appeal, RecoveryCode, ResetGrant, Via
from zhicheng import ratelimit

log = logging.getLogger(__name__)

CODE_TTL = timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
EMAIL_LINK_TTL = timedelta(hours=1)
STEP_TTL = timedelta(minutes=15)  # after a code or the identity check: time to type a password
APPEAL_LINK_TTL = timedelta(hours=24)
GRANT_SIGNING_NAMESPACE = tokens.GRANT_SIGNING_NAMESPACE

# Limits in settings.RATE_LIMITS, per hour and per way: one address (a whole hospital
# behind one NAT) gets more room (30) than one target (5: a mobile, an e-mail, an ID number).
IP_LIMIT = "recovery-ip"
TARGET_LIMIT = "recovery-target"
CODE_LIMIT = "recovery-code"  # tries at typing one code row (CODE_MAX_ATTEMPTS + 1)


def _digest(purpose: str, value: str) -> str:
    return tokens.digest(purpose, value)


# --- rate limits ---------------------------------------------------------------------


def allow_attempt(way: str, client: str, target: str, *, target_limit: str = TARGET_LIMIT) -> bool:
    """Count one attempt of `way` from `client` at `target`; False once either is over its limit.

    `client` is the caller's key (zhicheng.ratelimit.client_key: the address behind the
    trusted proxies). Both counts always go up. Counted before any lookup, so the answer is
    the same for accounts that do not exist; the limiter keeps keys as digests, so no ID
    number or mobile ends up in the cache. Raises RateLimitUnavailable when the cache is down.
    """
    by_client = ratelimit.hit(IP_LIMIT, f"{way}:{client}")
    by_target = ratelimit.hit(target_limit, f"{way}:{target.lower()}")
    return by_client and by_target


# --- reset grants (the last step of every way) -------------------------------------------


def _new_grant_token(user: User | None, via: str, ttl: timedelta) -> str:
    """A signed token naming a new grant, for the browser that passed a check at once;
    with no user, the same work is done and discarded."""
    secret = tokens.new_secret()
    token_hash = _digest("grant", secret)
    if user is None:
        return ""
    now = timezone.now()
    grant = ResetGrant.objects.create(
        user=user, via=via, token_hash=token_hash, created_at=now, expires_at=now + ttl
    )
    return tokens.sign(grant.pk, secret)


def _pending_grant(user: User, via: str, ttl: timedelta) -> ResetGrant:
    """A grant whose secret the sending task makes (tokens.issue): a link sent by e-mail or
    SMS never waits in the task queue. Until then it matches no token."""
    now = timezone.now()
    return ResetGrant.objects.create(
        user=user, via=via, token_hash="", created_at=now, expires_at=now + ttl
    )


def _parse_token(token: str) -> tuple[int, str] | None:
    return tokens.parse(token)


def _open_grant(grant: ResetGrant, secret: str) -> bool:
    return (
        grant.used_at is None
        and bool(grant.token_hash)
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


LINK_GONE = gettext_noop("该链接已失效（已使用或已过期），请重新找回。")


def reset_password(token: str, password: str) -> User:
    """Set a new password with a grant and use the grant up (single use, under a row lock).

    Every other open grant and code of the account is closed too, and a sign-in lockout
    left by forgotten-password attempts is lifted.
    """
    parsed = _parse_token(token)
    if parsed is None:
        raise Refused(_(LINK_GONE))
    now = timezone.now()
    with transaction.atomic():
        grant = ResetGrant.objects.select_for_update().filter(pk=parsed[0]).first()
        if grant is None or not _open_grant(grant, parsed[1]):
            raise Refused(_(LINK_GONE))
        user = User.objects.select_for_update().get(pk=grant.user_id)
        if not user.is_active:
            raise Refused(_(LINK_GONE))
        user.set_password(password)
        user.save(update_fields=["password"])
        grant.used_at = now
        grant.save(update_fields=["used_at"])
        ResetGrant.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        RecoveryCode.objects.filter(
            user=user, used_at__isnull=True, invalidated_at__isnull=True
        ).update(invalidated_at=now)
        record(
            AuditEvent.Action.PASSWORD_RECOVERED,
            actor=user,
            target=user.get_username(),
            detail=_("方式：%(via)s") % {"via": Via(grant.via).label},
        )
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
    return tokens.reset_url(base_url, token)


# --- way 1: a code to the registered mobile -------------------------------------------------


def _code_hash(salt: str, code: str) -> str:
    return tokens.code_hash(salt, code)


def _mobile_account(mobile: str) -> User | None:
    # An applicant and a unit administrator may share a mobile: the applicant comes first.
    users = list(User.objects.filter(mobile=mobile, is_active=True).order_by("role", "pk")[:5])
    applicants = [u for u in users if u.role == Role.APPLICANT]
    chosen = applicants or users
    return chosen[0] if chosen else None


def request_sms_code(mobile: str) -> int:
    """Send a 6-digit code to a registered mobile; returns the code row's id for the session.

    A row is written whether or not the mobile is registered (then with no account and no
    message), so the next page and every answer after it look the same. The code itself is
    made by the sending task (tasks.send_recovery_code), enqueued on commit for every row,
    so it is never in the task queue; the task sends nothing for a row with no account.
    """
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
            code_hash="",
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        row_id = row.pk
        transaction.on_commit(lambda: tasks.send_recovery_code.enqueue(row_id))
    log.info("recovery code issued row=%s matched=%s", row.pk, user is not None)
    return row.pk


@dataclass(frozen=True)
class CodeOutcome:
    token: str = ""
    message: str = ""


def verify_sms_code(code_id: int, code: str) -> str:
    """Check a typed code: a token for the reset page, or `Refused` (beside the code).

    Ten minutes, one use, five wrong tries close the code. The attempt counter is saved
    even though the check fails, so the refusal is raised after the transaction.
    """
    with transaction.atomic():
        row = RecoveryCode.objects.select_for_update().filter(pk=code_id).first()
        outcome = _check_code(row, code)
    if outcome.message:
        raise Refused(outcome.message, "code")
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
        # Each link's secret is made by the sending task, so no token waits in the queue.
        grant_ids = [_pending_grant(u, Via.EMAIL, EMAIL_LINK_TTL).pk for u in users]
        for grant_id in grant_ids:
            transaction.on_commit(
                lambda g=grant_id: tasks.send_email_link.enqueue(g, base_url)  # type: ignore[misc]
            )
    log.info("recovery e-mail requested matched=%s", len(users))


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
        raise Stale(_("该申诉已处理，不能重复审核。"))
    return appeal


def _notify(appeal: Appeal, base_url: str) -> None:
    """Send the decision to the contact given in the appeal, by a task after commit."""
    appeal_id = appeal.pk
    transaction.on_commit(lambda: tasks.send_appeal_decision.enqueue(appeal_id, base_url))


def _audit_decision(appeal: Appeal, actor: User, outcome: str) -> None:
    """The security audit row of a decided appeal (inside the deciding transaction)."""
    who = appeal.unit_name if appeal.kind == Appeal.Kind.UNIT else appeal.real_name
    record(
        AuditEvent.Action.APPEAL_DECIDED,
        actor=actor,
        target=f"{appeal.get_kind_display()} #{appeal.pk} {who}",
        detail=outcome,
    )


def approve_appeal(appeal_id: int, actor: User, base_url: str) -> Appeal:
    """通过 an appeal: a 24-hour reset link goes to the contact given in the appeal.

    A unit appeal also makes that contact the administrator account's mobile and e-mail.
    The link's secret is made by the sending task (tasks.send_appeal_decision).
    """
    with transaction.atomic():
        appeal = _locked_pending(appeal_id)
        if appeal.user_id is None:
            raise Refused(_("没有与申诉信息相符的账号，只能驳回。"))
        user = User.objects.select_for_update().get(pk=appeal.user_id)
        if appeal.kind == Appeal.Kind.UNIT:
            user.mobile = appeal.contact_mobile
            if appeal.contact_email:
                user.email = appeal.contact_email
            user.save(update_fields=["mobile", "email"])
        via = Via.UNIT_APPEAL if appeal.kind == Appeal.Kind.UNIT else Via.APPEAL
        appeal.grant = _pending_grant(user, via, APPEAL_LINK_TTL)
        appeal.status = Appeal.Status.APPROVED
        appeal.decided_by = actor
        appeal.decided_at = timezone.now()
        appeal.save(update_fields=["status", "decided_by", "decided_at", "grant"])
        _audit_decision(appeal, actor, _("通过，重置链接已发送给申诉联系人"))
        _notify(appeal, base_url)
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
        _audit_decision(appeal, actor, _("驳回：%(r)s") % {"r": reason})
        _notify(appeal, "")
    log.info("appeal rejected appeal=%s by=%s", appeal.pk, actor.pk)
    return appeal
