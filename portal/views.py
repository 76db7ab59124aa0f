from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def index(request: HttpRequest) -> HttpResponse:
    """The public front page: sign in, register, the rules to read first."""
    return render(request, "portal/index.html")
