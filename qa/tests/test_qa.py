"""在线问答: asking within the region entry chain, answering one's own committee's questions,
the public FAQ."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from conftest import make_user
from orgs.models import Region, ReviewCommittee
from qa.actions import daily_limit
from qa.models import Question

pytestmark = pytest.mark.django_db

TEXT = "请问中级职称的申报时间是什么时候开始？"


@pytest.fixture
def xj_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="自治区社会科学研究评审委员会", region=regions["xj"])


@pytest.fixture
def kashgar_committee(regions: dict[str, Region]) -> ReviewCommittee:
    return ReviewCommittee.objects.create(name="喀什地区评审委员会", region=regions["kashgar"])


@pytest.fixture
def other_staff(kashgar_committee: ReviewCommittee) -> User:
    return make_user("kashgar_staff", Role.COMMITTEE_STAFF, committee=kashgar_committee)


def signed_in(user: User, region: str = "650100") -> Client:
    client = Client()
    client.force_login(user)
    session = client.session
    session["entry_region"] = region
    session.save()
    return client


def test_it_offers_committees_of_the_entry_and_autonomous_region(
    applicant: User,
    committee: ReviewCommittee,
    xj_committee: ReviewCommittee,
    kashgar_committee: ReviewCommittee,
) -> None:
    page = signed_in(applicant).get(reverse("qa:mine")).content.decode()
    assert committee.name in page
    assert xj_committee.name in page
    assert kashgar_committee.name not in page


def test_it_asks_a_committee(applicant: User, committee: ReviewCommittee) -> None:
    client = signed_in(applicant)
    response = client.post(reverse("qa:mine"), {"committee": committee.pk, "text": TEXT})
    assert response.status_code == 302
    question = Question.objects.get()
    assert (question.asker, question.committee, question.text) == (applicant, committee, TEXT)
    page = client.get(reverse("qa:mine")).content.decode()
    assert TEXT in page and "等待答复" in page


def test_it_refuses_a_committee_outside_the_region(
    applicant: User, kashgar_committee: ReviewCommittee
) -> None:
    response = signed_in(applicant).post(
        reverse("qa:mine"), {"committee": kashgar_committee.pk, "text": TEXT}
    )
    assert response.status_code == 200
    assert "只能向当前评审区域或自治区的评审委员会提问" in response.content.decode()
    assert not Question.objects.exists()


def test_it_follows_the_current_region_entry(
    applicant: User, kashgar_committee: ReviewCommittee
) -> None:
    client = signed_in(applicant, region="653100")
    client.post(reverse("qa:mine"), {"committee": kashgar_committee.pk, "text": TEXT})
    assert Question.objects.filter(committee=kashgar_committee).count() == 1


@pytest.mark.parametrize("committee_id", ["999999", "abc", ""])
def test_it_refuses_unknown_committee_ids(applicant: User, committee_id: str) -> None:
    response = signed_in(applicant).post(
        reverse("qa:mine"), {"committee": committee_id, "text": TEXT}
    )
    assert response.status_code == 200
    assert not Question.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("太短了", "应为 10 到 1000 个字"),
        ("问" * 1001, "不能超过 1000 个字"),
        (" " * 12, "请输入问题"),
        ("请问申报时间\x00是什么时候开始的", "控制字符"),
        ("请问申报时间\u202e是什么时候开始的", "控制字符"),
    ],
    ids=["short", "long", "spaces", "nul", "rlo"],
)
def test_it_refuses_bad_text(
    applicant: User, committee: ReviewCommittee, text: str, message: str
) -> None:
    response = signed_in(applicant).post(
        reverse("qa:mine"), {"committee": committee.pk, "text": text}
    )
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_it_accepts_exactly_ten_and_a_thousand_characters(
    applicant: User, committee: ReviewCommittee
) -> None:
    client = signed_in(applicant)
    client.post(reverse("qa:mine"), {"committee": committee.pk, "text": "问" * 10})
    client.post(reverse("qa:mine"), {"committee": committee.pk, "text": "问" * 1000})
    assert Question.objects.count() == 2


def test_it_limits_questions_per_day(applicant: User, committee: ReviewCommittee) -> None:
    client = signed_in(applicant)
    for _ in range(daily_limit()):
        client.post(reverse("qa:mine"), {"committee": committee.pk, "text": TEXT})
    response = client.post(reverse("qa:mine"), {"committee": committee.pk, "text": TEXT})
    assert "每天最多提问" in response.content.decode()
    assert Question.objects.count() == daily_limit()


def test_only_applicants_ask(unit_admin: User) -> None:
    assert signed_in(unit_admin).get(reverse("qa:mine")).status_code == 403


def test_it_requires_sign_in() -> None:
    response = Client().get(reverse("qa:mine"))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.fixture
def question(applicant: User, committee: ReviewCommittee) -> Question:
    return Question.objects.create(asker=applicant, committee=committee, text=TEXT)


def test_staff_see_their_committee_inbox(
    committee_staff: User, question: Question, other_staff: User
) -> None:
    assert TEXT in signed_in(committee_staff).get(reverse("qa:inbox")).content.decode()
    assert TEXT not in signed_in(other_staff).get(reverse("qa:inbox")).content.decode()


def test_staff_answer_and_publish(
    committee_staff: User, question: Question, applicant: User
) -> None:
    answer = "申报时间以本委员会发布的通知公告为准，一般在每年九月。"
    response = signed_in(committee_staff).post(
        reverse("qa:answer", args=[question.pk]), {"answer": answer, "publish": "on"}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == answer and question.is_public
    assert question.answered_by == committee_staff and question.answered_at is not None
    assert answer in signed_in(applicant).get(reverse("qa:mine")).content.decode()
    faq = Client().get(reverse("qa:faq")).content.decode()
    assert answer in faq and question.committee.name in faq
    assert applicant.real_name not in faq


def test_an_unpublished_answer_stays_out_of_the_faq(
    committee_staff: User, question: Question
) -> None:
    answer = "申报时间以本委员会发布的通知公告为准。"
    signed_in(committee_staff).post(reverse("qa:answer", args=[question.pk]), {"answer": answer})
    assert answer not in Client().get(reverse("qa:faq")).content.decode()


def test_another_committees_question_is_404(other_staff: User, question: Question) -> None:
    client = signed_in(other_staff)
    assert client.get(reverse("qa:answer", args=[question.pk])).status_code == 404
    response = client.post(
        reverse("qa:answer", args=[question.pk]), {"answer": "不是本委员会的问题答复。"}
    )
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.answer == "" and question.answered_at is None


def test_applicants_cannot_answer(applicant: User, question: Question) -> None:
    response = signed_in(applicant).post(
        reverse("qa:answer", args=[question.pk]), {"answer": "我自己来答复这个问题吧。"}
    )
    assert response.status_code == 403


def test_a_bad_answer_is_refused(committee_staff: User, question: Question) -> None:
    response = signed_in(committee_staff).post(
        reverse("qa:answer", args=[question.pk]), {"answer": "好的"}
    )
    assert "应为 10 到 1000 个字" in response.content.decode()
    question.refresh_from_db()
    assert question.answered_at is None


def test_faq_takes_constant_queries(
    committee_staff: User,
    question: Question,
    applicant: User,
    xj_committee: ReviewCommittee,
    django_assert_max_num_queries: object,
) -> None:
    for i in range(5):
        Question.objects.create(
            asker=applicant,
            committee=xj_committee,
            text=f"{TEXT}{i}",
            is_public=True,
            answer="答复内容答复内容",
            answered_at="2026-01-01T00:00:00Z",
        )
    with django_assert_max_num_queries(4):  # type: ignore[operator]
        page = Client().get(reverse("qa:faq")).content.decode()
    assert page.count("答复内容答复内容") == 5


def test_inbox_lists_open_questions_first(
    committee_staff: User, applicant: User, committee: ReviewCommittee
) -> None:
    Question.objects.create(
        asker=applicant,
        committee=committee,
        text="已经答复过的问题内容",
        answer="答复内容答复内容",
        answered_at="2026-01-01T00:00:00Z",
    )
    Question.objects.create(asker=applicant, committee=committee, text="还没有答复的问题内容")
    client = signed_in(committee_staff)
    open_page = client.get(reverse("qa:inbox")).content.decode()
    assert "还没有答复的问题内容" in open_page and "已经答复过的问题内容" not in open_page
    page = client.get(reverse("qa:inbox"), {"show": "all"}).content.decode()
    assert page.index("还没有答复的问题内容") < page.index("已经答复过的问题内容")
