"""A logging filter that masks resident ID numbers in every record it sees."""

from __future__ import annotations

import logging

from lib.idcard import redact_id_numbers


class RedactIdNumbersFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_id_numbers(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        return True
