"""Demo data is placed around the day it is loaded, whatever that day is.

Loaded (with a frozen clock) on two different days of the same database: windows open
around that day, no paper-material deadline passed while a window is open, the one closed
window closed a few days before, and mail links point at SITE_URL.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from freezegun import freeze_time

from applications import rules
from applications.models import Application
from orgs.models import ApplicationWindow, ReviewCommittee
from portal.demo import load_demo_data

pytestmark = pytest.mark.django_db

# A day in the middle of a year and one right after new year (the windows then open in the
# previous calendar year); the second is 200 days after the first, in the same database.
FIRST_DAY = "2027-06-15 09:30:00+08:00"
SECOND_DAY = "2028-01-01 10:00:00+08:00"


@pytest.fixture(autouse=True)
def _fast_hashing(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def check_dates_around(now: datetime.datetime) -> None:
    today = timezone.localdate(now)
    this_year = ApplicationWindow.objects.filter(year=today.year)
    open_now = [w for w in this_year if w.opens_at <= now < w.closes_at]
    assert {w.business_type for w in open_now} == {"review", "special", "initial", "confer", "fhj"}
    for window in this_year.filter(specialty=None):
        assert window.opens_at <= now < window.closes_at, window
        assert now - window.opens_at <= datetime.timedelta(days=30)
        assert window.closes_at - now <= datetime.timedelta(days=60)
    closed = this_year.exclude(specialty=None).get()
    assert now - datetime.timedelta(days=30) <= closed.closes_at <= now
    assert closed.opens_at < closed.closes_at

    open_or_coming = ApplicationWindow.objects.filter(closes_at__gt=now)
    assert open_or_coming.exists()
    for committee in ReviewCommittee.objects.filter(windows__in=open_or_coming).distinct():
        last_close = max(
            timezone.localdate(w.closes_at) for w in open_or_coming.filter(committee=committee)
        )
        assert committee.paper_deadline is not None, committee.name
        assert committee.paper_deadline >= last_close, committee.name
        assert committee.paper_deadline - last_close <= datetime.timedelta(days=90)

    # What an applicant reads on 我的申请书: a deadline ahead, never 提交已截止 for an open one.
    for app in Application.objects.filter(year=today.year):
        windows = rules.matching_windows(app, list(rules.windows_query(app)))
        text = rules.deadline(windows, now).text
        assert re.fullmatch(r"距提交截止还有\d+天", text), text


def test_demo_data_is_placed_around_each_day_it_is_loaded(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with freeze_time(FIRST_DAY):
        with django_capture_on_commit_callbacks(execute=True):
            load_demo_data()
        now = timezone.now()
        assert Application.objects.filter(year=2027).count() == 6
        check_dates_around(now)
    with freeze_time(SECOND_DAY):
        with django_capture_on_commit_callbacks(execute=True):
            load_demo_data()
        now = timezone.now()
        assert Application.objects.filter(year=2028).count() == 6
        check_dates_around(now)


def test_a_paper_deadline_that_already_fits_is_left_alone() -> None:
    with freeze_time(FIRST_DAY):
        load_demo_data()
        committee = ReviewCommittee.objects.filter(windows__closes_at__gt=timezone.now()).first()
        assert committee is not None
        chosen = datetime.date(2027, 12, 20)  # as an hr_admin might set it
        ReviewCommittee.objects.filter(pk=committee.pk).update(paper_deadline=chosen)
        load_demo_data()
        committee.refresh_from_db()
        assert committee.paper_deadline == chosen


def test_links_in_mails_sent_while_loading_use_the_site_url(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.SITE_URL = "http://192.0.2.7:8123"
    with django_capture_on_commit_callbacks(execute=True):
        load_demo_data()
    assert mail.outbox, "the demo reviews send notices by mail"
    links = [link for m in mail.outbox for link in re.findall(r"https?://[^\s]+", str(m.body))]
    assert links
    assert all(link.startswith("http://192.0.2.7:8123/") for link in links), links
