"""Probing whether an account exists: every way answers the same either way."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from conftest import APPLICANT_ID, OUTSIDER_ID
from recovery import actions
from recovery.tests.conftest import page_text
from recovery.tests.test_appeals import person_fields

pytestmark = pytest.mark.django_db


def test_asking_for_a_code_looks_the_same(applicant: User, sms, commit) -> None:
    known, unknown = Client(), Client()
    with commit():
        a = known.post(reverse("recovery:mobile"), {"mobile": "13800000001"})
        b = unknown.post(reverse("recovery:mobile"), {"mobile": "13800000099"})
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])
    page_a, page_b = known.get(a["Location"]), unknown.get(b["Location"])
    assert page_text(page_a).replace("138****0001", "X") == page_text(page_b).replace(
        "138****0099", "X"
    )
    wrong_a = known.post(reverse("recovery:mobile_verify"), {"code": "000001"})
    wrong_b = unknown.post(reverse("recovery:mobile_verify"), {"code": "000001"})
    assert wrong_a.status_code == wrong_b.status_code == 200
    assert page_text(wrong_a).replace("138****0001", "X") == page_text(wrong_b).replace(
        "138****0099", "X"
    )
    assert len(sms) == 1  # only the real account's phone gets a message


def test_an_unknown_mobile_never_passes(sms, commit) -> None:
    client = Client()
    client.post(reverse("recovery:mobile"), {"mobile": "13800000099"})
    for code in ("000000", "123456", "999999", "555555", "111111"):
        response = client.post(reverse("recovery:mobile_verify"), {"code": code})
        assert response.status_code == 200
    assert "错误次数过多" in response.content.decode()


def test_asking_for_a_link_looks_the_same(applicant: User) -> None:
    a = Client().post(reverse("recovery:email"), {"email": "zhangsan@example.cn"})
    b = Client().post(reverse("recovery:email"), {"email": "nobody@example.cn"})
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])


def test_an_identity_mismatch_looks_the_same(applicant: User, outsider: User) -> None:
    # A real ID number with a wrong name, and a valid number nobody registered.
    a = Client().post(
        reverse("recovery:identity"),
        {"id_number": APPLICANT_ID, "real_name": "王五", "contact": "13800000001"},
    )
    outsider.delete()
    b = Client().post(
        reverse("recovery:identity"),
        {"id_number": OUTSIDER_ID, "real_name": "王五", "contact": "13800000001"},
    )
    assert a.status_code == b.status_code == 200
    assert page_text(a) == page_text(b)


def test_an_appeal_looks_the_same(applicant: User) -> None:
    a = Client().post(reverse("recovery:appeal"), person_fields())
    b = Client().post(reverse("recovery:appeal"), person_fields(id_number=OUTSIDER_ID))
    assert (a.status_code, a["Location"]) == (b.status_code, b["Location"])


def test_the_same_digest_work_is_done_without_an_account(
    applicant: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real = actions._digest

    def counting(purpose: str, value: str) -> str:
        calls.append(purpose)
        return real(purpose, value)

    monkeypatch.setattr(actions, "_digest", counting)
    actions.request_email_link("zhangsan@example.cn", "http://testserver/")
    known = list(calls)
    calls.clear()
    actions.request_email_link("nobody@example.cn", "http://testserver/")
    assert calls == known
    calls.clear()
    actions.verify_identity(APPLICANT_ID, "张三", "13800000001")
    known = list(calls)
    calls.clear()
    actions.verify_identity(OUTSIDER_ID, "张三", "13800000001")
    assert calls == known
