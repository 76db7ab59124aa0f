"""The root of the test suite: every shared fixture and helper lives in the `testing` package,
registered here once, so each app's tests see the same named users and worlds without importing
them (docs/adr/0032-test-suite-speed.md).

- testing.base: reference data (regions, series, department, committee, units) and the named
  users — applicant, unit_admin (unit A), other_unit_admin (unit B), dept_reviewer,
  committee_staff, hr_admin, outsider, other_staff, kashgar_hr; passwords are all `Passw0rd!`.
- testing.worlds: the application world (template, chain_world, draft … passed, types_world).
- testing.results_world: clock, ready, meeting, voted, publicity.
- testing.certificates_world: approval, certificate, holders.
Plain helpers: testing.people, testing.files, testing.otp, testing.pages.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

from testing.files import make_pdf, make_png, upload
from testing.otp import enrol_totp, next_totp_code, totp_code
from testing.people import APPLICANT_ID, OUTSIDER_ID, PASSWORD, make_unit, make_user

pytest_plugins = [
    "testing.base",
    "testing.worlds",
    "testing.results_world",
    "testing.certificates_world",
]


@pytest.fixture(scope="session")
def django_db_use_migrations(request: pytest.FixtureRequest) -> bool:
    """How the test database gets its tables. PostgreSQL: by the real migrations (one of them
    installs the audit table's trigger, which tests check). SQLite: straight from the models,
    as `--nomigrations` does — its only migration with code (the trigger) does nothing there,
    and it saves each xdist worker ~8 s of CPU. CI still checks the migrations: the PostgreSQL
    run applies every one and `makemigrations --check` finds a model change without one.
    TEST_MIGRATIONS=1 applies them on SQLite too."""
    if request.config.getvalue("nomigrations"):
        return False
    return connection.vendor != "sqlite" or os.environ.get("TEST_MIGRATIONS") == "1"


# `from conftest import make_user` keeps working in the tests that import from here.
__all__ = [
    "APPLICANT_ID",
    "OUTSIDER_ID",
    "PASSWORD",
    "enrol_totp",
    "make_pdf",
    "make_png",
    "make_unit",
    "make_user",
    "next_totp_code",
    "totp_code",
    "upload",
]
