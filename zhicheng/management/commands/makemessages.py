"""`makemessages` that also extracts `_lazy("…")`, the name this project gives gettext_lazy
where `_` is already gettext (docs/adr/0031-kernel-translation-and-import-layers.md)."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=_lazy"]
