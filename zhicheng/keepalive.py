"""The idle dialog's two requests (docs/adr/0037-nothing-typed-is-lost.md).

继续: any signed-in request already moves the idle clock (accounts.middleware.ActivityMiddleware);
keep_alive does nothing else and tells the page how long it has. A session that has already
ended answers 401, and the page takes the user to sign in (what was typed stays in the browser).

The middleware ends a quiet session only on its next request, and up to a minute late (it
stores the time of activity once a minute); so when the page's own clock reaches the limit it
ends the session itself (idle_end), exactly as the middleware would, and goes to sign in.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST


@never_cache
@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """POST /session/keep-alive/: 200 with the idle seconds left, or 401 when signed out."""
    if not request.user.is_authenticated:
        return JsonResponse({"signed_in": False}, status=401)
    return JsonResponse({"signed_in": True, "idle_seconds": int(settings.SESSION_IDLE_SECONDS)})


@never_cache
@require_POST
def idle_end(request: HttpRequest) -> JsonResponse:
    """POST /session/idle-end/: the page saw the idle limit pass; sign out as the middleware does
    (the sign-in page then says why)."""
    if request.user.is_authenticated:
        logout(request)
        request.session["expired"] = True
    return JsonResponse({"signed_in": False})
