"""The secrets of account recovery: keyed digests, SMS codes and signed reset-link tokens.

Shared by the actions (which check secrets) and the tasks (which make the secrets that are
sent, so a secret never waits in the task queue). The database keeps only digests.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from recovery.models import ResetGrant

GRANT_SIGNING_NAMESPACE = "recovery.grant"


def digest(purpose: str, value: str) -> str:
    return salted_hmac(f"recovery.{purpose}", value, algorithm="sha256").hexdigest()


def code_hash(salt: str, code: str) -> str:
    return digest("code", f"{salt}:{code}")


def new_code() -> str:
    """Six random digits."""
    return f"{secrets.randbelow(10**6):06d}"


def new_secret() -> str:
    return secrets.token_urlsafe(24)


def sign(grant_id: int, secret: str) -> str:
    """The token of a link: the grant's id and its secret, signed."""
    return signing.dumps([grant_id, secret], salt=GRANT_SIGNING_NAMESPACE)


def parse(token: str) -> tuple[int, str] | None:
    try:
        pk, secret = signing.loads(token, salt=GRANT_SIGNING_NAMESPACE)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(pk, int) or not isinstance(secret, str):
        return None
    return pk, secret


def issue(grant: ResetGrant) -> str:
    """Give a grant written without a secret its secret; returns the link token.

    The caller holds the grant's row lock and saves nothing else; only the digest is stored.
    """
    secret = new_secret()
    grant.token_hash = digest("grant", secret)
    grant.save(update_fields=["token_hash"])
    return sign(grant.pk, secret)


def reset_url(base_url: str, token: str) -> str:
    return base_url.rstrip("/") + reverse("recovery:reset", args=[token])
