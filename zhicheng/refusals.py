"""Showing a `lib.refusal.Refused` to the user: beside its field, or at the top of the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext

from lib.refusal import Refused


def message_of(error: Refused) -> str:
    """The refusal's message in the user's language.

    Messages raised from Django code are translated already; those owned by `lib/` are marked
    with `lib.i18n.gettext_noop` and translated here. Translating a translated message again
    leaves it as it is, so every message can pass through here.
    """
    return gettext(str(error.message))


def add_refusal(form: forms.BaseForm, error: Refused) -> None:
    """Put the message beside the field it names, or above the form when it names none."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, message_of(error))


def flash_refusal(request: HttpRequest, error: Refused) -> None:
    """The message at the top of the next page (steps taken by a button, without a form)."""
    messages.error(request, message_of(error))
