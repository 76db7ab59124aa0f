"""方式二: a one-hour, single-use link to the registered e-mail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from conftest import PASSWORD
from lib.refusal import Refused
from recovery.models import ResetGrant
from recovery.tests.conftest import NEW_PASSWORD, last_mail_body, link_in, signs_in

pytestmark = pytest.mark.django_db
EMAIL_URL = reverse("recovery:email")


def ask_link(client: Client, commit, email: str = "zhangsan@example.cn"):
    with commit():
        return client.post(EMAIL_URL, {"email": email})


def test_it_mails_a_link_that_sets_a_new_password(client: Client, applicant: User, commit) -> None:
    response = ask_link(client, commit, "ZhangSan@Example.cn")
    assert response["Location"] == reverse("recovery:sent", args=["email"])
    assert mail.outbox[0].to == ["zhangsan@example.cn"]
    body = last_mail_body()
    assert "zhangsan" in body and "1 小时" in body
    link = link_in(body)
    assert "zhangsan" in client.get(link).content.decode()
    done = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert "密码已重置" in done.content.decode()
    assert signs_in("zhangsan", NEW_PASSWORD)
    grant = ResetGrant.objects.get()
    assert grant.via == "email" and grant.used_at is not None
    assert grant.expires_at - grant.created_at == timedelta(hours=1)


def test_a_link_works_only_once(client: Client, applicant: User, commit) -> None:
    ask_link(client, commit)
    link = link_in(last_mail_body())
    client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    again = client.post(link, {"password1": "Other@Pass2026", "password2": "Other@Pass2026"})
    assert again.status_code == 410 and "该链接已失效" in again.content.decode()
    assert client.get(link).status_code == 410
    assert signs_in("zhangsan", NEW_PASSWORD)


def test_a_late_link_is_refused(client: Client, applicant: User, commit) -> None:
    ask_link(client, commit)
    link = link_in(last_mail_body())
    ResetGrant.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 410 and "该链接已失效" in response.content.decode()
    assert signs_in("zhangsan", PASSWORD)


def test_a_forged_link_is_refused(client: Client, applicant: User, commit) -> None:
    ask_link(client, commit)
    link = link_in(last_mail_body())
    assert client.get(link[:-3] + "xx/").status_code == 410
    assert client.get(reverse("recovery:reset", args=["1-abc"])).status_code == 410


def test_the_password_validators_apply(client: Client, applicant: User, commit) -> None:
    ask_link(client, commit)
    link = link_in(last_mail_body())
    response = client.post(link, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert 'id="field-password1"' in response.content.decode()
    assert "error" in response.content.decode()
    assert ResetGrant.objects.get().used_at is None
    mismatch = client.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert "两次输入的密码不一致" in mismatch.content.decode()
    assert signs_in("zhangsan", PASSWORD)


def test_a_reset_closes_the_accounts_other_links(client: Client, applicant: User, commit) -> None:
    ask_link(client, commit)
    first = link_in(last_mail_body())
    ask_link(client, commit)
    second = link_in(last_mail_body())
    client.post(second, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get(first).status_code == 410


def test_an_unknown_address_gets_no_mail(client: Client, applicant: User, commit) -> None:
    response = ask_link(client, commit, "nobody@example.cn")
    assert response["Location"] == reverse("recovery:sent", args=["email"])
    assert mail.outbox == [] and not ResetGrant.objects.exists()


def test_the_action_refuses_a_second_use(applicant: User, commit) -> None:
    from recovery import actions

    with commit():
        actions.request_email_link("zhangsan@example.cn", "http://testserver/")
    token = link_in(last_mail_body()).split("/")[-2]
    actions.reset_password(token, NEW_PASSWORD)
    with pytest.raises(Refused):
        actions.reset_password(token, "Other@Pass2026")
    assert signs_in("zhangsan", NEW_PASSWORD)
