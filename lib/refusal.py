"""The one exception for a step that is refused.

Every action refuses the same way: it raises `Refused` with a message for the user (in
Chinese, already translated by the caller or marked with `lib.i18n.gettext_noop`) and, when
the refusal concerns one input, the name of that field so the page can put the message
beside it. Nothing has changed when it is raised: actions raise before they write, inside
their transaction.
"""

from __future__ import annotations

from lib.i18n import gettext_noop

STALE_MESSAGE = gettext_noop(
    "此页面打开后内容已被更改（可能是另一个窗口或他人的操作），本次操作未执行。请刷新页面后重试。"
)


class Refused(Exception):
    """A step refused; nothing changed. `message` is for the user, `field` names the input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return str(self.message)


class Stale(Refused):
    """The page was drawn from data that has changed since (a second tab, another person)."""

    def __init__(self, message: str = STALE_MESSAGE, field: str | None = None) -> None:
        super().__init__(message, field)
