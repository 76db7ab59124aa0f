"""The certificate PDF is served as every user file is (zhicheng.serving): sandboxed, inline."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from certificates.models import Certificate
from testing.pages import signed_in
from zhicheng.tests.file_headers import assert_user_file


def test_the_certificate_pdf_is_served_sandboxed_inline(
    client: Client, applicant: User, committee_staff: User, certificate: Certificate
) -> None:
    url = reverse("certificates:pdf", args=[certificate.pk])
    name = f"职称电子证书-{certificate.number}.pdf"
    for viewer in (applicant, committee_staff):
        response = signed_in(Client(), viewer).get(url)
        assert_user_file(response, inline=True, filename=name, content_type="application/pdf")
        assert response.content.startswith(b"%PDF-")
