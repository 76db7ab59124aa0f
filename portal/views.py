from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    """The public front page: sign in, register, the rules to read first."""
    return render(request, "portal/index.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or missing CSRF token: explain in Chinese, change nothing."""
    return render(request, "403_csrf.html", status=403)


@login_required
def ping(request: HttpRequest) -> HttpResponse:
    """The smallest signed-in page: the baseline the benchmark compares real pages with."""
    return HttpResponse("ok", content_type="text/plain")
