"""The meeting's result sheet is served as every user file is (zhicheng.serving): a download."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from results import excel
from results.models import Meeting, MeetingResult
from testing.pages import signed_in
from zhicheng.tests.file_headers import assert_user_file


def test_the_meeting_template_is_a_sandboxed_download(
    client: Client, committee_staff: User, meeting: Meeting, voted: MeetingResult
) -> None:
    response = signed_in(client, committee_staff).get(
        reverse("results:meeting_template", args=[meeting.pk])
    )
    assert_user_file(
        response,
        inline=False,
        filename=f"会议评审结果-{meeting.year}-{meeting.pk}.xlsx",
        content_type=excel.XLSX_CONTENT_TYPE,
    )
    assert f'filename="meeting-results-{meeting.pk}.xlsx"' in response["Content-Disposition"]
    assert response.content.startswith(b"PK")
