"""Who may open what: someone else's id is a 404 on every URL, other roles are refused."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from applications.models import Application, SectionData, SlotFile


def app_urls(app: Application) -> list[str]:
    slot_file = SlotFile.objects.get(application=app)
    return [
        reverse("applications:detail", args=[app.pk]),
        reverse("applications:edit", args=[app.pk]),
        reverse("applications:opinions", args=[app.pk]),
        reverse("applications:section", args=[app.pk, "basic"]),
        reverse("applications:section", args=[app.pk, "education"]),
        reverse("applications:upload", args=[app.pk, "basic", "idcard"]),
        reverse("applications:pick", args=[app.pk, "basic", "idcard"]),
        reverse("applications:attachment", args=[app.pk, slot_file.pk]),
        reverse("applications:remove", args=[app.pk, slot_file.pk]),
        reverse("applications:submit", args=[app.pk]),
        reverse("applications:recall", args=[app.pk]),
        reverse("applications:change", args=[app.pk]),
        reverse("applications:delete", args=[app.pk]),
        reverse("applications:library_file", args=[slot_file.attachment_id]),
    ]


def test_an_outsider_gets_404_on_every_url_and_nothing_changes(
    client: Client, filled: Application, outsider: User
) -> None:
    before = (
        filled.version,
        SectionData.objects.filter(application=filled).count(),
        SlotFile.objects.count(),
    )
    client.force_login(outsider)
    for url in app_urls(filled):
        get = client.get(url)
        assert get.status_code in (404, 405), url
        post = client.post(
            url,
            {
                "version": filled.version,
                "section_version": 1,
                "sex": "男",
                "work_start": "2000-01-01",
            },
        )
        assert post.status_code in (404, 405), url
        assert "张三" not in post.content.decode() and "张三" not in get.content.decode()
    filled.refresh_from_db()
    assert (
        filled.version,
        SectionData.objects.filter(application=filled).count(),
        SlotFile.objects.count(),
    ) == before
    assert Application.objects.filter(pk=filled.pk).exists()


def test_the_owner_opens_every_page(client: Client, filled: Application) -> None:
    client.force_login(filled.applicant)
    for url in app_urls(filled):
        if "/upload/" in url or "/pick/" in url or "/submit/" in url:
            continue
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("who", ["unit_admin", "dept_reviewer", "committee_staff", "hr_admin"])
def test_other_roles_are_refused_the_applicant_pages(
    client: Client, request: pytest.FixtureRequest, filled: Application, who: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    for url in [
        reverse("applications:list"),
        reverse("applications:create"),
        reverse("applications:library"),
    ]:
        assert client.get(url).status_code == 403, url
    for url in app_urls(filled):
        if "/files/" in url and "/remove/" not in url:
            continue  # the file itself answers by visibility (404 for a draft), tested elsewhere
        assert client.get(url).status_code in (403, 405), url


def test_anonymous_users_are_sent_to_sign_in(client: Client, filled: Application) -> None:
    for url in [reverse("applications:list"), reverse("applications:create"), *app_urls(filled)]:
        response = client.get(url)
        assert response.status_code in (302, 405), url
        if response.status_code == 302:
            assert reverse("accounts:login") in response["Location"]
