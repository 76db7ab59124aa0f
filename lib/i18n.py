"""Marking text for translation without importing Django.

`lib/` holds rules with no Django in them, yet the messages they own are read by users and
must reach the translation catalogue. `gettext_noop` carries Django's own name, so
`makemessages` extracts every string wrapped in it; the display side translates the message
when it shows it (see `zhicheng.refusals.message_of`).

A message that lib/ fills with values itself (a length, a label) cannot be translated after
it is filled: such messages use `gettext` here, which calls the translator Django installs
when it starts (`install`), and is the source text without Django.
"""

from __future__ import annotations

from collections.abc import Callable


def gettext_noop(message: str) -> str:
    """Mark `message` for extraction; it is translated where it is shown."""
    return message


def _untranslated(message: str) -> str:
    return message


_translate: Callable[[str], str] = _untranslated


def install(translate: Callable[[str], str]) -> None:
    """Called once when Django starts (`zhicheng.apps.OpsConfig.ready`) with Django's gettext."""
    global _translate
    _translate = translate


def gettext(message: str) -> str:
    """`message` in the current language, for messages with placeholders that lib/ fills in
    itself (`gettext("文件不能超过 %(mb)s MB。") % {"mb": 2}`): the template is translated
    before it is filled. Without Django (a plain script) it is the source text."""
    return _translate(message)
