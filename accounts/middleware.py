"""Minutes of use (已使用 N 分钟) from real activity, and the 30-minute idle end of a session."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.db.models import F
from django.http import HttpRequest, HttpResponse

from accounts.models import User

SESSION_KEY = "last_seen"
# Activity is written at most once a minute per session, to keep writes off the hot path.
FLUSH_EVERY = 60


class ActivityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = time.time()
            last = request.session.get(SESSION_KEY)
            idle = settings.SESSION_IDLE_SECONDS
            if last is not None and now - last[0] > idle:
                logout(request)
                request.session["expired"] = True
            else:
                if last is None:
                    last = [now, now]  # [last request, last time seconds were counted]
                gap = now - last[0]
                last[0] = now
                if now - last[1] >= FLUSH_EVERY:
                    counted = int(min(now - last[1], idle))
                    User.objects.filter(pk=user.pk).update(seconds_used=F("seconds_used") + counted)
                    last[1] = now
                elif gap < 0:
                    last[1] = now
                request.session[SESSION_KEY] = last
        return self.get_response(request)
