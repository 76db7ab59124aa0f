"""A logging filter that masks resident ID numbers in every record it sees.

It covers the message with its arguments and every extra field a record carries (the fields
a JSON formatter writes out, e.g. `extra={"path": ...}`), strings inside lists, tuples and
dicts included. Tracebacks are formatted later by the formatter, which masks its own output
(zhicheng.logs).
"""

from __future__ import annotations

import logging
from typing import Any

from lib.idcard import redact_id_numbers

# Attributes every LogRecord has; anything else on a record came from `extra=`.
STANDARD_ATTRS = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "taskName",
}


def redact_value(value: Any, redact: Any = redact_id_numbers) -> Any:
    """`value` with `redact` applied to every string in it (containers are copied)."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list | tuple):
        return type(value)(redact_value(item, redact) for item in value)
    if isinstance(value, dict):
        return {key: redact_value(item, redact) for key, item in value.items()}
    return value


class RedactIdNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_id_numbers(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        for name, value in list(vars(record).items()):
            if name not in STANDARD_ATTRS:
                setattr(record, name, redact_value(value))
        return True
