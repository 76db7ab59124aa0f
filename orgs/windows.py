"""申报时间 (application windows): the one place that writes them and says when they overlap."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from catalog.models import Series, Specialty
from lib import stale
from lib.refusal import Refused
from orgs.messages import SETTING_STALE
from orgs.models import ApplicationWindow, ReviewCommittee

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class WindowData:
    """What 申报时间 edits."""

    business_type: str
    year: int
    series: Series
    specialty: Specialty | None
    opens_at: datetime
    closes_at: datetime


def overlapping_windows(window: ApplicationWindow) -> list[ApplicationWindow]:
    """Other windows of the same committee, business type, series and specialty whose time
    overlaps this one (a window for every specialty overlaps one for any specialty)."""
    qs = ApplicationWindow.objects.filter(
        committee_id=window.committee_id,
        business_type=window.business_type,
        series_id=window.series_id,
        opens_at__lt=window.closes_at,
        closes_at__gt=window.opens_at,
    ).exclude(pk=window.pk)
    if window.specialty_id is not None:
        qs = qs.filter(Q(specialty_id=window.specialty_id) | Q(specialty__isnull=True))
    return list(qs.select_related("specialty"))


def validate_window(data: WindowData) -> None:
    """The window's own rules: it closes after it opens; a specialty belongs to its series."""
    if data.opens_at >= data.closes_at:
        raise Refused(_("截止时间必须晚于开始时间。"), "closes_at")
    if data.specialty is not None and data.specialty.series_id != data.series.pk:
        raise Refused(_("所选专业不属于所选系列。"), "specialty")


@transaction.atomic
def save_window(
    committee_id: int,
    data: WindowData,
    *,
    window_id: int | None = None,
    version: str | None = None,
) -> tuple[ApplicationWindow, list[ApplicationWindow]]:
    """Create (`window_id` None) or change a window of the committee; returns it and the
    windows it overlaps (a warning, not a refusal: two windows may overlap on purpose).

    The committee row is locked so that saves of its windows run one after the other;
    `version` is `lib.stale.token(window)` of the window the form was drawn from.
    """
    committee = ReviewCommittee.objects.select_for_update().get(pk=committee_id)
    if window_id is None:
        window = ApplicationWindow(committee=committee)
    else:
        window = ApplicationWindow.objects.select_for_update().get(
            pk=window_id, committee=committee
        )
        stale.check(version, window, message=str(SETTING_STALE))
    validate_window(data)
    window.business_type = data.business_type
    window.year = data.year
    window.series = data.series
    window.specialty = data.specialty
    window.opens_at = data.opens_at
    window.closes_at = data.closes_at
    window.save()
    log.info("window saved window=%s committee=%s", window.pk, committee.pk)
    return window, overlapping_windows(window)


@transaction.atomic
def delete_window(window_id: int, *, version: str | None) -> ApplicationWindow:
    """Delete a window (applications never refer to one); returns the deleted row."""
    window = (
        ApplicationWindow.objects.select_for_update(of=("self",))
        .select_related("committee")
        .get(pk=window_id)
    )
    stale.check(version, window, message=str(SETTING_STALE))
    window.delete()
    log.info("window deleted window=%s", window_id)
    return window
