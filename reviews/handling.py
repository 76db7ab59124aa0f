"""办理 without losing what was typed (docs/adr/0037-nothing-typed-is-lost.md).

保存 on any 栏目修改意见 sends every box of the page (one form, `form="comments-form"`): the
changed boxes are saved together (`views.comments`), so saving one never empties the others.
下一份 opens the next application of the reviewer's queue, in the queue's own order (oldest
action first); none left, back to the queue.
"""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import User
from accounts.permissions import reviewer_required, signed_in_user
from applications.models import Application
from applications.scoping import held_by, visible_to
from reviews.forms import CommentForm

COMMENTS_FORM_ID = "comments-form"


def comment_form(key: str, data: object = None, initial: str = "") -> CommentForm:
    """The 栏目修改意见 box of one section, a member of the page's one comments form."""
    form = CommentForm(
        data,  # type: ignore[arg-type]
        prefix=key,
        initial={"text": initial},
        auto_id="id_comment_%s",
    )
    form.fields["text"].widget.attrs["form"] = COMMENTS_FORM_ID
    return form


def queue_order(apps: QuerySet[Application]) -> QuerySet[Application]:
    """申请书审核's order: the longest-waiting first."""
    return apps.order_by("last_action_at", "id")


def next_in_queue(user: User, after: Application | None) -> Application | None:
    """The application after `after` in the user's queue (the first when `after` has left it)."""
    queue = queue_order(held_by(user))
    if after is not None and queue.filter(pk=after.pk).exists():
        queue = queue.filter(
            Q(last_action_at__gt=after.last_action_at)
            | Q(last_action_at=after.last_action_at, id__gt=after.pk)
        )
    elif after is not None:
        queue = queue.exclude(pk=after.pk)
    return queue.first()


@require_GET
@reviewer_required
def next_application(request: HttpRequest, app_id: int | None = None) -> HttpResponse:
    """下一份: 办理 of the next application waiting at the user's organisation."""
    user = signed_in_user(request)
    after = get_object_or_404(visible_to(user), pk=app_id) if app_id is not None else None
    following = next_in_queue(user, after)
    if following is None:
        messages.info(request, _("待审核的申请书已全部办理完毕。"))
        return redirect("reviews:queue")
    return redirect("reviews:handle", following.pk)
