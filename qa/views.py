"""在线问答 pages: 我的提问 (applicant), 问题答复 (committee staff), 常见问题 (public)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role
from accounts.permissions import applicant_required, role_required, signed_in_user
from lib.refusal import Refused
from orgs.models import ReviewCommittee
from orgs.regions import current_region
from qa import actions
from qa.forms import AnswerForm, AskForm
from qa.models import Question
from zhicheng.refusals import add_refusal

committee_staff_required = role_required(Role.COMMITTEE_STAFF)


@applicant_required
def mine(request: HttpRequest) -> HttpResponse:
    """我的提问: ask a committee of the current region entry; my questions with answers."""
    user = signed_in_user(request)
    entry = current_region(request)
    committees = actions.askable_committees(entry)
    if request.method == "POST":
        form = AskForm(request.POST, committees=committees)
        if form.is_valid():
            try:
                actions.ask(
                    user, form.cleaned_data["committee"], form.cleaned_data["text"], entry=entry
                )
            except Refused as refused:
                add_refusal(form, refused)
            else:
                messages.success(request, _("问题已提交，评审委员会答复后将显示在下方。"))
                return redirect("qa:mine")
    else:
        form = AskForm(committees=committees)
    questions = Question.objects.filter(asker=user).select_related("committee")
    page = Paginator(questions, 20).get_page(request.GET.get("page"))
    return render(request, "qa/mine.html", {"form": form, "page": page, "entry": entry})


@committee_staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    """问题答复: my committee's questions, unanswered first."""
    user = signed_in_user(request)
    questions = (
        Question.objects.filter(committee_id=user.committee_id)
        .select_related("asker")
        .order_by(F("answered_at").desc(nulls_first=True), "asked_at")
    )
    show = request.GET.get("show", "open")
    if show != "all":
        questions = questions.filter(answered_at__isnull=True)
    page = Paginator(questions, 20).get_page(request.GET.get("page"))
    return render(request, "qa/inbox.html", {"page": page, "show": show})


@committee_staff_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    """答复 one question of my committee; another committee's question is a 404."""
    user = signed_in_user(request)
    question = get_object_or_404(
        Question.objects.select_related("asker", "committee"),
        pk=pk,
        committee_id=user.committee_id,
    )
    if request.method == "POST":
        form = AnswerForm(request.POST)
        if form.is_valid():
            actions.answer(
                user,
                question.pk,
                form.cleaned_data["answer"],
                publish=form.cleaned_data["publish"],
            )
            messages.success(request, _("答复已保存。"))
            return redirect("qa:inbox")
    else:
        form = AnswerForm(initial={"answer": question.answer, "publish": question.is_public})
    return render(request, "qa/answer.html", {"form": form, "question": question})


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    """常见问题: published answers, grouped by committee; two queries whatever the size."""
    published = Question.objects.filter(is_public=True, answered_at__isnull=False).order_by(
        "-answered_at"
    )
    committees = (
        ReviewCommittee.objects.filter(questions__in=published)
        .distinct()
        .select_related("region")
        .prefetch_related(Prefetch("questions", queryset=published, to_attr="faq"))
    )
    return render(request, "qa/faq.html", {"committees": committees})
