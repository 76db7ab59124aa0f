"""Enter in a section form saves the section (issue 12 point 3): the form's first submit button —
the one a browser presses for Enter — is 保存本栏目, never 增加一行; the form keeps drafts."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from applications.models import Application
from applications.tests.pages import signed_in, text


def test_the_first_submit_button_of_a_repeatable_section_saves(
    client: Client, draft: Application
) -> None:
    url = reverse("applications:section", args=[draft.pk, "education"])
    html = text(signed_in(client, draft.applicant).get(url))
    form = html[html.index('id="section-form"') :]
    buttons = re.findall(r'<button type="submit"[^>]*>', form)
    # A nameless submit saves (only 增加一行 and 保存并填写下一栏目 are told apart by name).
    assert "name=" not in buttons[0] and 'tabindex="-1"' in buttons[0]
    assert any('name="add_row"' in b for b in buttons[1:])
    assert 'data-draft="section"' in html
