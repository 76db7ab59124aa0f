"""The port through which a domain tells people that a step happened.

Each domain owns the text of its notices (`applications/notices.py`, `reviews/notices.py`,
…) and hands subject, body and link to `notify` here; the `notifications` app only delivers.
It installs its deliverer when Django starts (`notifications.apps`), so no domain imports
`notifications` and the import graph keeps it a leaf. No Django here.

A workflow move does not word its notices in the request: it enqueues one task on commit
carrying what the move reached (node, holder, opinion), and that task calls `notify` on the
worker (`applications.notices`, `reviews.notices`; ADR 0036). Other actions call `notify`
inside their transaction: the deliverer records the event there and enqueues the fan-out
once it commits. Either way a refused or rolled-back step tells nobody.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Protocol


class Deliverer(Protocol):
    def __call__(
        self,
        users: Iterable[Any],
        subject: str,
        body: str,
        link: str = "",
        application: Any = None,
        *,
        key: str | None = None,
    ) -> Any: ...


_deliverer: Deliverer | None = None


def install(deliverer: Deliverer) -> None:
    """Called once by the delivering app when it is ready."""
    global _deliverer
    _deliverer = deliverer


def notify(
    users: Iterable[Any],
    subject: str,
    body: str,
    link: str = "",
    application: Any = None,
    *,
    key: str | None = None,
) -> Any:
    """Tell `users` (in-app message and e-mail) once the current transaction commits.

    `key` names an event that could be raised twice (a scheduled reminder): the second call
    is a no-op. Returns whatever the deliverer returns (the recorded notice, or None).
    """
    if _deliverer is None:
        raise RuntimeError("no notice deliverer installed: is 'notifications' in INSTALLED_APPS?")
    return _deliverer(users, subject, body, link, application, key=key)
