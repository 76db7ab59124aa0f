"""The minimal Django transition the benchmark compares the platform's moves with.

One locked row update and one history insert in one transaction, as a model of this module
(unmanaged: `scripts/bench.py` creates and drops its tables in its own database), and the
same step as a signed-in POST view. This module is also the URLconf of the benchmark's
gunicorn (`scripts/bench_wsgi.py`): the platform's URLs plus `/bench/minimal/<pk>/`,
`/bench/floor/…` (the minimal transition with the node visits and notice task every platform
move also writes: `floor_transition`) and `/bench/layout/`, an empty page in the platform's
layout.
Never imported by the platform.
"""

from __future__ import annotations

import functools
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_POST

from zhicheng import urls as platform_urls


class BenchItem(models.Model):
    version = models.IntegerField(default=0)
    status = models.CharField(max_length=16, default="draft")
    objects: models.Manager[BenchItem] = models.Manager()

    class Meta:
        app_label = "applications"
        db_table = "bench_minimal_item"
        managed = False

    def __str__(self) -> str:
        return f"item {self.pk} v{self.version}"


class BenchLog(models.Model):
    item = models.ForeignKey(BenchItem, models.CASCADE, db_constraint=False)
    actor_id = models.IntegerField()
    action = models.CharField(max_length=16)
    at = models.DateTimeField(auto_now_add=True)
    item_id: int
    objects: models.Manager[BenchLog] = models.Manager()

    class Meta:
        app_label = "applications"
        db_table = "bench_minimal_log"
        managed = False

    def __str__(self) -> str:
        return f"{self.action} of item {self.item_id}"


def create_tables() -> None:
    from django.db import connection

    with connection.schema_editor() as editor:
        editor.create_model(BenchItem)
        editor.create_model(BenchLog)


def transition(item_id: int, actor_id: int) -> None:
    """The minimal transition: lock, update one row, insert one history row."""
    with transaction.atomic():
        _lock_update_log(item_id, actor_id)


def _lock_update_log(item_id: int, actor_id: int) -> None:
    item = BenchItem.objects.select_for_update().get(pk=item_id)
    item.version += 1
    item.status = "moved" if item.status == "draft" else "draft"
    item.save(update_fields=["version", "status"])
    BenchLog.objects.create(item=item, actor_id=actor_id, action=item.status)


def floor_transition(item_id: int, actor_id: int, app_id: int, unit_id: int) -> None:
    """The minimal transition plus only the rows every platform move also writes, on the
    platform's models: the application's open node visit closed and the next one opened (the
    two statements `applications.workflow._move` runs; reviewers see what their organisation
    holds or has held), and the notice task handed to the queue by `notices.enqueue` once the
    transaction commits. No access scope, rule, join, holder or organisation name: what a move
    cannot cost less than."""
    from django.utils import timezone

    from applications.models import NodeVisit
    from applications.notices import enqueue
    from reviews.notices import tell_passed_on

    with transaction.atomic():  # one transaction, as a move's (no savepoint)
        _lock_update_log(item_id, actor_id)
        NodeVisit.objects.filter(application_id=app_id, left_at__isnull=True).update(
            left_at=timezone.now()
        )
        NodeVisit.objects.create(
            application_id=app_id, submission_no=1, position=1, label="基准", unit_id=unit_id
        )
        enqueue(tell_passed_on, app_id, [unit_id, None, None], "基准")


@require_POST
@login_required
def minimal_view(request: HttpRequest, pk: int) -> HttpResponse:
    transition(pk, int(request.user.pk or 0))
    return HttpResponseRedirect("/ping/")


@require_POST
@login_required
def floor_view(request: HttpRequest, pk: int, app_pk: int, unit_pk: int) -> HttpResponse:
    floor_transition(pk, int(request.user.pk or 0), app_pk, unit_pk)
    return HttpResponseRedirect("/ping/")


_LAYOUT = '{% extends "base.html" %}{% block content %}<h1>ok</h1>{% endblock %}'


@functools.cache
def _layout() -> Any:
    """Compiled once per process, as the template loader keeps a page's template."""
    return engines["django"].from_string(_LAYOUT)


@login_required
def layout_view(request: HttpRequest) -> HttpResponse:
    """The smallest page in the platform's layout (header, side menu with its badges, footer)
    for the signed-in user: what every signed-in page costs before its own content."""
    return HttpResponse(_layout().render({}, request))


urlpatterns = [
    path("bench/minimal/<int:pk>/", minimal_view),
    path("bench/floor/<int:pk>/<int:app_pk>/<int:unit_pk>/", floor_view),
    path("bench/layout/", layout_view),
    *platform_urls.urlpatterns,
]
for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(platform_urls, _name):
        globals()[_name] = getattr(platform_urls, _name)
