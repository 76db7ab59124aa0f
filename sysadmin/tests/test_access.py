"""Who may open 系统设置: hr_admin only; others 403, anonymous to the sign-in page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from catalog.models import FormTemplate, Series
from orgs.models import ApplicationWindow, Department, ReviewCommittee
from sysadmin.tests.helpers import text


@pytest.fixture
def urls(
    chain_world: ReviewCommittee, department: Department, template: FormTemplate, series: Series
) -> list[str]:
    window = ApplicationWindow.objects.get(committee=chain_world)
    section = template.sections.first()
    assert section is not None
    return [
        reverse("sysadmin:index"),
        reverse("sysadmin:committees"),
        reverse("sysadmin:committee_create"),
        reverse("sysadmin:committee_edit", args=[chain_world.pk]),
        reverse("sysadmin:committee_fees", args=[chain_world.pk]),
        reverse("sysadmin:windows", args=[chain_world.pk]),
        reverse("sysadmin:window_create", args=[chain_world.pk]),
        reverse("sysadmin:window_edit", args=[window.pk]),
        reverse("sysadmin:chains", args=[chain_world.pk]),
        reverse("sysadmin:chain_edit", args=[chain_world.pk, "review"]),
        reverse("sysadmin:departments"),
        reverse("sysadmin:department_create"),
        reverse("sysadmin:department_edit", args=[department.pk]),
        reverse("sysadmin:templates"),
        reverse("sysadmin:template", args=[template.pk]),
        reverse("sysadmin:section_create", args=[template.pk]),
        reverse("sysadmin:section_edit", args=[template.pk, section.pk]),
        reverse("sysadmin:catalogue"),
        reverse("sysadmin:catalogue_create", args=["series"]),
        reverse("sysadmin:catalogue_edit", args=["series", series.pk]),
    ]


def test_hr_admin_opens_every_page(client: Client, hr_admin: User, urls: list[str]) -> None:
    client.force_login(hr_admin)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "系统设置" in text(response) or "<form" in text(response), url


def test_anonymous_is_sent_to_sign_in(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


@pytest.mark.parametrize("who", ["applicant", "unit_admin", "dept_reviewer", "committee_staff"])
def test_other_roles_are_refused(
    client: Client, urls: list[str], who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_post_only_pages_refuse_others(
    client: Client, applicant: User, chain_world: ReviewCommittee, template: FormTemplate
) -> None:
    window = ApplicationWindow.objects.get(committee=chain_world)
    client.force_login(applicant)
    for url in [
        reverse("sysadmin:window_delete", args=[window.pk]),
        reverse("sysadmin:template_copy", args=[template.pk]),
        reverse("sysadmin:template_create"),
    ]:
        assert client.post(url).status_code == 403
    assert ApplicationWindow.objects.filter(pk=window.pk).exists()
    assert FormTemplate.objects.count() == 1


def test_menu_links_to_settings(client: Client, hr_admin: User) -> None:
    client.force_login(hr_admin)
    assert reverse("sysadmin:index") in text(client.get(reverse("accounts:home")))
