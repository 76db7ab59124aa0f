"""批文: issued after the period for those still on the list, then their certificates."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application
from lib.refusal import Refused
from results import actions, issuing
from results.models import ApprovalDocument, ApprovalEntry, Objection, Publicity
from testing.pages import signed_in, text
from testing.results_world import Clock

pytestmark = pytest.mark.django_db

APPROVALS = reverse("results:approvals")
NUMBER = "乌职改〔2026〕12号"
AUTHORITY = "乌鲁木齐市职称改革工作领导小组办公室"


@pytest.fixture
def certificates_spy(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the batches handed to the certificates (the port `results.issuing`) instead of
    issuing, so these tests see only what the 批文 itself writes."""
    calls: list[Any] = []
    monkeypatch.setattr(issuing.issuer(), "start", lambda document, total: calls.append(document))
    return calls


def issue(staff: User, item: Publicity, on: date, **changes: Any) -> ApprovalDocument:
    data: dict[str, Any] = {"number": NUMBER, "issued_on": on, "authority": AUTHORITY}
    data.update(changes)
    return actions.issue_approval(staff, item.pk, **data)


def form_data(item: Publicity, on: date, **changes: Any) -> dict[str, Any]:
    data = {
        "publicity": item.pk,
        "number": NUMBER,
        "issued_on": on.isoformat(),
        "authority": AUTHORITY,
    }
    data.update(changes)
    return data


def test_issuing_before_the_period_ends_is_refused(
    client: Client,
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    certificates_spy: list[Any],
) -> None:
    clock.shift(6)  # the last day of the period
    with pytest.raises(Refused, match="公示期满后才能发文"):
        issue(committee_staff, publicity, clock.today)
    page = text(signed_in(client, committee_staff).get(APPROVALS))
    assert "没有可以发文的公示" in page and "期满后可发文" in page
    response = client.post(APPROVALS, form_data(publicity, clock.today))
    assert response.status_code == 400 and "选择一个有效的选项" in text(response)
    assert not ApprovalDocument.objects.exists() and certificates_spy == []


def test_issuing_with_an_open_objection_is_refused(
    committee_staff: User, clock: Clock, publicity: Publicity, certificates_spy: list[Any]
) -> None:
    objection = actions.lodge_objection(
        publicity.pk,
        entry_id=publicity.entries.get().pk,
        name="王举报",
        contact="13912345678",
        text="该同志申报的论文存在抄袭情况，请核实。",
    )
    clock.shift(7)
    with pytest.raises(Refused, match="还有 1 条异议未处理"):
        issue(committee_staff, publicity, clock.today)
    assert not ApprovalDocument.objects.exists()
    actions.decide_objection(committee_staff, objection.pk, uphold=False, note="不属实")
    assert issue(committee_staff, publicity, clock.today).entries.count() == 1


def test_issuing_after_the_period_covers_those_still_listed(
    client: Client,
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    ready: Application,
    certificates_spy: list[Any],
) -> None:
    clock.shift(7)
    page = text(signed_in(client, committee_staff).get(APPROVALS))
    assert f'<option value="{publicity.pk}"' in page
    response = client.post(APPROVALS, form_data(publicity, clock.today))
    document = ApprovalDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("results:approval", args=[document.pk])
    assert (document.number, document.issued_on, document.authority) == (
        NUMBER,
        clock.today,
        AUTHORITY,
    )
    assert document.publicity == publicity and document.created_by == committee_staff
    assert list(document.entries.values_list("application_id", flat=True)) == [ready.pk]
    assert certificates_spy == [document]
    detail = text(client.get(response["Location"]))
    assert NUMBER in detail and "张三" in detail


def test_a_removed_person_is_not_covered(
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    passed_many: Any,
    certificates_spy: list[Any],
) -> None:
    entry = publicity.entries.get()
    entry.removed = True
    entry.save()
    clock.shift(7)
    with pytest.raises(Refused, match="公示名单中已没有人员"):
        issue(committee_staff, publicity, clock.today)
    assert not ApprovalDocument.objects.exists()


def test_a_publicity_gets_one_document(
    committee_staff: User, clock: Clock, publicity: Publicity, certificates_spy: list[Any]
) -> None:
    clock.shift(7)
    issue(committee_staff, publicity, clock.today)
    with pytest.raises(Refused, match="该公示已发文"):
        issue(committee_staff, publicity, clock.today, number="乌职改〔2026〕13号")
    assert ApprovalDocument.objects.count() == 1 and len(certificates_spy) == 1


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"number": "   "}, "number", "请填写批文号"),
        ({"number": "新" * 51}, "number", "不能超过 50 个字"),
        ({"number": "<b>新职改</b>"}, "number", "不能包含 &lt; 或 &gt;"),
        ({"authority": ""}, "authority", "请填写发文机关"),
        ({"issued_on": "2026-02-30"}, "issued_on", "有效的日期"),
    ],
)
def test_bad_document_details_are_refused(
    client: Client,
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    certificates_spy: list[Any],
    changes: dict[str, str],
    field: str,
    words: str,
) -> None:
    clock.shift(7)
    response = signed_in(client, committee_staff).post(
        APPROVALS, form_data(publicity, clock.today, **changes)
    )
    assert response.status_code == 400
    assert words in text(response)
    assert not ApprovalDocument.objects.exists() and certificates_spy == []


def test_the_date_lies_after_the_period_and_not_in_the_future(
    committee_staff: User, clock: Clock, publicity: Publicity, certificates_spy: list[Any]
) -> None:
    clock.shift(8)
    with pytest.raises(Refused, match="公示期结束") as refused:
        issue(committee_staff, publicity, publicity.ends_on)
    assert refused.value.field == "issued_on"
    with pytest.raises(Refused, match="不能晚于今天") as refused:
        issue(committee_staff, publicity, clock.today + timedelta(days=1))
    assert refused.value.field == "issued_on"
    assert not ApprovalDocument.objects.exists()


def test_a_number_is_used_once(
    client: Client,
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    certificates_spy: list[Any],
) -> None:
    clock.shift(7)
    ApprovalDocument.objects.create(
        committee=publicity.committee,
        publicity=Publicity.objects.create(
            committee=publicity.committee,
            meeting=actions.create_meeting(
                committee_staff, year=clock.today.year, name="另一次", held_on=clock.today
            ),
            year=clock.today.year,
            title="另一个公示",
            starts_on=publicity.starts_on,
            ends_on=publicity.ends_on,
            created_by=committee_staff,
        ),
        number=NUMBER,
        issued_on=clock.today,
        authority=AUTHORITY,
        created_by=committee_staff,
    )
    response = signed_in(client, committee_staff).post(APPROVALS, form_data(publicity, clock.today))
    assert response.status_code == 400
    assert f"批文号 {NUMBER} 已被使用" in text(response)
    assert not ApprovalDocument.objects.filter(publicity=publicity).exists()


def test_a_failure_starting_the_batch_undoes_the_document(
    monkeypatch: pytest.MonkeyPatch, committee_staff: User, clock: Clock, publicity: Publicity
) -> None:
    import certificates.tasks as module

    def broken(document: ApprovalDocument, total: int) -> None:
        raise RuntimeError("the batch could not be recorded")

    monkeypatch.setattr(module, "start_batch", broken)
    clock.shift(7)
    with pytest.raises(RuntimeError):
        issue(committee_staff, publicity, clock.today)
    assert not ApprovalDocument.objects.exists() and not ApprovalEntry.objects.exists()


def test_the_real_certificates_are_issued_after_the_document_commits(
    committee_staff: User,
    clock: Clock,
    publicity: Publicity,
    ready: Application,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from certificates.models import Certificate, IssueBatch

    clock.shift(7)
    with django_capture_on_commit_callbacks(execute=True):
        document = issue(committee_staff, publicity, clock.today)
        assert not Certificate.objects.exists()  # nothing is issued inside the request
    certificate = Certificate.objects.get()
    assert certificate.application == ready and certificate.approval == document
    assert certificate.holder_name == "张三"
    batch = IssueBatch.objects.get(document=document)
    assert (batch.status, batch.done, batch.total) == ("done", 1, 1)


def test_another_committees_publicity_is_404(
    client: Client,
    other_staff: User,
    clock: Clock,
    publicity: Publicity,
    certificates_spy: list[Any],
) -> None:
    clock.shift(7)
    with pytest.raises(Http404):
        issue(other_staff, publicity, clock.today)
    response = signed_in(client, other_staff).post(APPROVALS, form_data(publicity, clock.today))
    assert response.status_code == 400 and "选择一个有效的选项" in text(response)
    assert not ApprovalDocument.objects.exists()


def test_another_committees_document_is_404(
    client: Client,
    committee_staff: User,
    other_staff: User,
    clock: Clock,
    publicity: Publicity,
    certificates_spy: list[Any],
) -> None:
    clock.shift(7)
    document = issue(committee_staff, publicity, clock.today)
    signed_in(client, other_staff)
    assert client.get(reverse("results:approval", args=[document.pk])).status_code == 404
    assert NUMBER not in text(client.get(APPROVALS))


def test_objections_count_as_open_until_decided(
    committee_staff: User, clock: Clock, publicity: Publicity, certificates_spy: list[Any]
) -> None:
    entry = publicity.entries.get()
    for _ in range(2):
        actions.lodge_objection(
            publicity.pk,
            entry_id=entry.pk,
            name="王举报",
            contact="13912345678",
            text="该同志申报的论文存在抄袭情况，请核实。",
        )
    first, second = Objection.objects.order_by("id")
    actions.decide_objection(committee_staff, first.pk, uphold=True, note="属实")
    clock.shift(7)
    with pytest.raises(Refused, match="还有 1 条异议未处理"):
        issue(committee_staff, publicity, clock.today)
    actions.decide_objection(committee_staff, second.pk, uphold=True, note="同上，属实")
    with pytest.raises(Refused, match="公示名单中已没有人员"):
        issue(committee_staff, publicity, clock.today)
