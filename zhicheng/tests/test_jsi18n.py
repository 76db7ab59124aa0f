"""The texts of static/js come from Django's JavaScript catalogue, an external script (CSP)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_the_catalogue_is_served_as_a_cached_script(client: Client) -> None:
    response = client.get(reverse("javascript_catalog"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "max-age=86400" in response["Cache-Control"] and response["Last-Modified"]
    assert "django.gettext" in response.content.decode()


@pytest.mark.django_db
def test_pages_load_the_catalogue_before_the_site_script(client: Client) -> None:
    page = client.get(reverse("portal:index")).content.decode()
    catalogue = page.index(f'<script src="{reverse("javascript_catalog")}" defer></script>')
    assert catalogue < page.index("js/site.js")
    assert "<script>" not in page  # no inline code: the CSP allows none
