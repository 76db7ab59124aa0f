"""简体中文 / ئۇيغۇرچە: the switch on every page, remembered for the browser and the account,
`<html lang dir>` from it, reference names in the active language, Uyghur input kept and
found (docs/adr/0035-uyghur-and-rtl.md)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from accounts.models import Role, User
from catalog.reference.uyghur import SERIES_UG
from certificates.models import Certificate
from documents.printing import in_official_language
from orgs.models import Region
from orgs.reference.regions_ug import REGIONS_UG
from testing.people import make_unit, make_user
from zhicheng.fields import clean_person_name
from zhicheng.localnames import local_name
from zhicheng.templatetags.bidi import ltr

pytestmark = pytest.mark.django_db
COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def _back_to_chinese() -> Iterator[None]:
    """The test client leaves the last request's language active in this thread: put the
    default back, so later tests in the process read Chinese."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _switch(client: Client, code: str, next_url: str = "/") -> None:
    response = client.post(
        reverse("accounts:switch_language"), {"language": code, "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == next_url


def test_the_sign_in_page_offers_both_languages_and_starts_in_chinese(client: Client) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-Hans" dir="ltr">' in page
    assert "ئۇيغۇرچە" in page and 'name="language" value="ug"' in page
    assert reverse("accounts:switch_language") in page


def test_switching_is_remembered_by_the_browser(client: Client) -> None:
    _switch(client, "ug", reverse("accounts:login"))
    assert client.cookies[COOKIE].value == "ug"
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="ug" dir="rtl">' in page
    _switch(client, "zh-hans")
    page = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="zh-Hans" dir="ltr">' in page


def test_the_switch_is_a_post_and_refuses_unknown_languages(client: Client) -> None:
    assert client.get(reverse("accounts:switch_language")).status_code == 405
    _switch(client, "fr")
    assert COOKIE not in client.cookies
    response = client.post(
        reverse("accounts:switch_language"), {"language": "ug", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_the_switch_checks_csrf() -> None:
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("accounts:switch_language"), {"language": "ug"})
    assert response.status_code == 403


def test_the_account_remembers_and_wins_at_the_next_sign_in(
    client: Client, applicant: User
) -> None:
    client.force_login(applicant)
    _switch(client, "ug", reverse("accounts:home"))
    applicant.refresh_from_db()
    assert applicant.language == "ug"
    # Another browser, no cookie: the account's language applies once signed in.
    other = Client()
    assert '<html lang="zh-Hans"' in other.get(reverse("accounts:login")).content.decode()
    other.force_login(applicant)
    page = other.get(reverse("accounts:home"))
    assert '<html lang="ug" dir="rtl">' in page.content.decode()
    assert page.cookies[COOKIE].value == "ug"


def test_reference_names_follow_the_language_and_fall_back_to_chinese(
    regions: dict[str, Region],
) -> None:
    kashgar = regions["kashgar"]
    kashgar.name_ug = REGIONS_UG["653100"]
    kashgar.save()
    with translation.override("ug"):
        assert str(kashgar) == "قەشقەر ۋىلايىتى"
        assert str(regions["yuepuhu"]) == "岳普湖县"  # no Uyghur name stored: the Chinese
    with translation.override("zh-hans"):
        assert str(kashgar) == "喀什地区"
    assert local_name(None) == ""
    assert SERIES_UG["卫生系列"].endswith("(卫生系列)")


def test_numbers_stay_left_to_right_inside_uyghur_text() -> None:
    assert ltr("XJ2026-000123") == '<bdi dir="ltr" class="ltr">XJ2026-000123</bdi>'
    assert ltr("<b>") == '<bdi dir="ltr" class="ltr">&lt;b&gt;</bdi>'
    assert ltr("") == ""


def test_uyghur_person_and_unit_names_are_kept_and_found(
    client: Client, hr_admin: User, regions: dict[str, Region]
) -> None:
    name = clean_person_name("ئابدۇرېھىم ئەيسا")
    assert name == "ئابدۇرېھىم ئەيسا"
    with pytest.raises(ValidationError):
        clean_person_name("ئابدۇرېھىم123")
    make_user("uyghur_applicant", Role.APPLICANT, real_name=name, id_number="653101199001011237")
    make_unit(regions["kashgar"], "قەشقەر شەھەرلىك 1-ئوتتۇرا مەكتەپ", "91653100MA78000012")
    client.force_login(hr_admin)
    users = client.get(reverse("sysadmin:users"), {"q": "ئابدۇرېھىم"}).content.decode()
    assert "ئابدۇرېھىم ئەيسا" in users
    units = client.get(reverse("sysadmin:units"), {"q": "ئوتتۇرا مەكتەپ"}).content.decode()
    assert "قەشقەر شەھەرلىك 1-ئوتتۇرا مەكتەپ" in units


def test_the_choice_made_before_signing_in_is_kept_for_the_account(
    client: Client, applicant: User
) -> None:
    _switch(client, "ug", reverse("accounts:login"))
    client.force_login(applicant)
    assert '<html lang="ug" dir="rtl">' in client.get(reverse("accounts:home")).content.decode()
    applicant.refresh_from_db()
    assert applicant.language == "ug"


def test_official_papers_are_built_in_chinese_whatever_the_reader_reads() -> None:
    @in_official_language
    def language_of_the_paper() -> str:
        return translation.get_language()

    with translation.override("ug"):
        assert language_of_the_paper() == "zh-hans"


def test_the_certificate_pdf_stays_chinese_for_a_uyghur_reader(
    client: Client, certificate: Certificate
) -> None:
    holder = certificate.application.applicant
    holder.language = "ug"
    holder.save()
    client.force_login(holder)
    response = client.get(reverse("certificates:pdf", args=[certificate.pk]))
    assert response.status_code == 200
    command = ["pdftotext", "-", "-"]
    text = subprocess.run(  # noqa: S603 - a fixed poppler tool reading stdin
        command, input=b"".join(response), capture_output=True, check=True
    ).stdout.decode()
    assert "职称电子证书" in text.replace(" ", "")
