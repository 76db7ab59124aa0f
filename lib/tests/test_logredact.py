import io
import logging

from lib.logredact import RedactIdNumbersFilter


def test_it_masks_id_numbers_in_log_records() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactIdNumbersFilter())
    logger = logging.getLogger("test.redact")
    logger.addHandler(handler)
    try:
        logger.warning("failure for %s", "650102199001011239")
    finally:
        logger.removeHandler(handler)
    assert "650102199001011239" not in stream.getvalue()
    assert "6501**********1239" in stream.getvalue()
