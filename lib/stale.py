"""The one stale-page token: what a form carries to prove it was drawn from the data as it is.

A page that changes something draws `token(...)` of the rows it shows into a hidden field;
the action locks those rows and calls `check(sent, ...)` with them. A second tab, or another
person who saved first, changed the rows, so the tokens differ and the step is refused with
`Stale` before anything is written.

A row with its own version counter (an application's `version`) is its own token: `token(7)`
is ``"7"``, so such forms keep sending the number. Anything else is hashed from its values.
No Django here: model instances are read through their `_meta.concrete_fields`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from lib.refusal import STALE_MESSAGE, Stale


def _plain(value: Any) -> Any:
    # The same row read back from the database must give the same token as the object in hand.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, Decimal):
        return str(value.normalize())
    if isinstance(value, Enum):
        return value.value
    return value


def _row(obj: Any) -> list[Any]:
    return [_plain(getattr(obj, field.attname)) for field in obj._meta.concrete_fields]


def _part(part: Any) -> Any:
    if part is None or isinstance(part, str | int | float | Decimal | datetime | Enum):
        return _plain(part)
    if hasattr(part, "_meta"):
        return _row(part)
    if isinstance(part, Iterable):
        return [_part(item) for item in part]
    return _plain(part)


def token(*parts: Any) -> str:
    """The token of `parts` (rows, lists of rows, plain values) as they are now."""
    if len(parts) == 1 and isinstance(parts[0], int) and not isinstance(parts[0], bool):
        return str(parts[0])
    data = [_part(part) for part in parts]
    return hashlib.sha256(repr(data).encode()).hexdigest()[:32]


def check(sent: str | int | None, *parts: Any, message: str = STALE_MESSAGE) -> None:
    """Refuse with `Stale` unless `sent` is the token of `parts` now.

    `None` means the caller has no page to compare (an API call, a script): nothing to check.
    """
    if sent is None:
        return
    if str(sent) != token(*parts):
        raise Stale(message)
