"""Marking text for translation without importing Django.

`lib/` holds rules with no Django in them, yet the messages they own are read by users and
must reach the translation catalogue. `gettext_noop` carries Django's own name, so
`makemessages` extracts every string wrapped in it; the display side translates the message
when it shows it (see `zhicheng.refusals.message_of`).
"""

from __future__ import annotations


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message
