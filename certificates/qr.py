"""The QR code on a certificate: it encodes the absolute URL of the public verification page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.urls import reverse

from certificates.models import Certificate


def verify_url(certificate: Certificate) -> str:
    """settings.SITE_URL + the certificate's token link (what the QR code says)."""
    path = reverse("certificates:verify_token", args=[certificate.token])
    return settings.SITE_URL.rstrip("/") + path


def qr_code(certificate: Certificate) -> segno.QRCode:
    # Level M survives a crease or a smudge on a printed page and keeps the code small.
    return segno.make(verify_url(certificate), error="m", micro=False)


def qr_png_data_uri(certificate: Certificate) -> str:
    """A PNG data URI for the PDF: one image, sharp at 10 px per module."""
    return str(qr_code(certificate).png_data_uri(scale=10, border=2))


def qr_svg_data_uri(certificate: Certificate) -> str:
    """An SVG data URI for the web page."""
    return str(qr_code(certificate).svg_data_uri(scale=4, border=2))
