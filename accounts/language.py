"""The interface language (简体中文 / ئۇيغۇرچە): switched from any page, remembered for the
browser (Django's language cookie) and for the account (``User.language``), which wins at
sign-in and on every later request (docs/adr/0035-uyghur-and-rtl.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, cast

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.models import User


def _known(code: str | None) -> str | None:
    codes = {c for c, _name in settings.LANGUAGES}
    return code if code in codes else None


def remember_cookie(response: HttpResponse, code: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=cast(Literal["Lax", "Strict", "None"] | None, settings.LANGUAGE_COOKIE_SAMESITE),
    )


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """POST (CSRF-checked) ``language`` and ``next``: the page again in that language."""
    code = _known(request.POST.get("language"))
    target = request.POST.get("next") or reverse("portal:index")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("portal:index")
    response = HttpResponseRedirect(target)
    if code is None:
        return response
    user = getattr(request, "user", None)
    if isinstance(user, User) and user.is_authenticated and user.language != code:
        user.language = code
        user.save(update_fields=["language"])
    remember_cookie(response, code)
    return response


class AccountLanguageMiddleware:
    """After authentication: a signed-in account's language wins over the browser's, and the
    cookie follows it, so the sign-in page's choice and the account's stay one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        wanted = None
        if isinstance(user, User) and user.is_authenticated:
            wanted = _known(user.language)
            chosen = _known(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            if wanted is None and chosen:
                # The first sign-in after choosing on the sign-in page: the account keeps it.
                user.language = wanted = chosen
                user.save(update_fields=["language"])
        if wanted and wanted != translation.get_language():
            translation.activate(wanted)
            request.LANGUAGE_CODE = wanted
        response = self.get_response(request)
        if wanted and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != wanted:
            if not response.cookies.get(settings.LANGUAGE_COOKIE_NAME):
                remember_cookie(response, wanted)
        return response
