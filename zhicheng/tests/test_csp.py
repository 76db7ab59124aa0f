"""Every HTML page is sent with the strict Content-Security-Policy (django-csp, settings).

The pages walked are every URL without parameters, for a visitor and for each role, plus the
error pages; pages with ids run through the same middleware, and the browser test
(e2e/test_csp.py) checks that the main ones raise no violation.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User

pytestmark = pytest.mark.django_db

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, *rest in parts for value in [rest[0] if rest else ""]}


def plain_paths() -> Iterator[str]:
    """Every routed path that takes no parameter (the admin is the Django admin's own)."""

    def walk(patterns: list[URLPattern | URLResolver], prefix: str) -> Iterator[str]:
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or route.startswith("^"):
                continue
            if isinstance(entry, URLResolver):
                yield from walk(entry.url_patterns, prefix + route)
            else:
                yield "/" + prefix + route

    yield from walk(get_resolver().url_patterns, "")


def assert_strict(response: object, path: str) -> None:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    got = directives(header)
    for name, value in STRICT.items():
        assert got.get(name) == value, (path, name, header)
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, (path, header)


def test_the_walk_covers_the_main_pages() -> None:
    paths = set(plain_paths())
    for name in ("portal:index", "accounts:login", "accounts:register", "accounts:home"):
        assert reverse(name) in paths


@pytest.mark.parametrize(
    "who", ["", "applicant", "unit_admin", "dept_reviewer", "committee_staff", "hr_admin"]
)
def test_every_html_page_carries_the_strict_policy(
    request: pytest.FixtureRequest, who: str
) -> None:
    client = Client(raise_request_exception=False)
    if who:
        client.force_login(request.getfixturevalue(who))
    seen = 0
    for path in plain_paths():
        if path.startswith("/accounts/logout"):
            continue
        response = client.get(path)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_strict(response, path)
            seen += 1
    assert seen >= 10


def test_error_pages_carry_the_strict_policy(client: Client, applicant: User) -> None:
    missing = client.get("/no-such-page/")
    assert missing.status_code == 404
    assert_strict(missing, "404")
    refused = Client(enforce_csrf_checks=True).post(reverse("accounts:login"), {})
    assert refused.status_code == 403
    assert "页面已过期" in refused.content.decode()
    assert_strict(refused, "403 csrf")


@override_settings(DEBUG=False)
def test_the_server_error_page_carries_the_strict_policy(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    import portal.views

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(portal.views, "render", broken)
    failing = Client(raise_request_exception=False).get(reverse("portal:index"))
    assert failing.status_code == 500
    assert "系统繁忙" in failing.content.decode()
    assert_strict(failing, "500")


def test_a_report_uri_comes_from_the_environment() -> None:
    def report_uri(env: dict[str, str]) -> str:
        code = (
            "from zhicheng import settings_test as s;"
            "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['report-uri'])"
        )
        done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed program
            [sys.executable, "-c", code],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    assert report_uri({"CSP_REPORT_URI": "https://zc.example.cn/csp-report/"}) == (
        "['https://zc.example.cn/csp-report/']"
    )
    assert report_uri({"CSP_REPORT_URI": ""}) == "None"


@override_settings(
    CONTENT_SECURITY_POLICY={"DIRECTIVES": {"default-src": ["'self'"], "report-uri": ["/r/"]}}
)
def test_the_report_uri_is_sent_when_set(client: Client) -> None:
    header = client.get(reverse("accounts:login"))["Content-Security-Policy"]
    assert directives(header)["report-uri"] == "/r/"
