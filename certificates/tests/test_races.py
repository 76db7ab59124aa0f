"""Several approval documents issued at the same instant (PostgreSQL, real threads): every
certificate gets its own number, consecutive per region and year, none skipped."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from accounts.models import User
from accounts.tests.test_races import race
from certificates import actions
from certificates.models import Certificate, CertificateCounter
from results.models import ApprovalDocument
from testing.certificates_world import make_approval, make_holder, make_passed

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races are tested on PostgreSQL"),
]


def serial(number: str) -> int:
    return int(number.rsplit("-", 1)[1])


def test_documents_issued_at_once_get_unique_consecutive_numbers(
    committee: Any,
    other_committee: Any,
    committee_staff: User,
    unit_a: Any,
    kashgar_unit: Any,
    title: Any,
    specialty: Any,
    template: Any,
) -> None:
    documents: list[ApprovalDocument] = []
    n = 0
    for d, (on, unit) in enumerate(
        [(committee, unit_a)] * 4 + [(other_committee, kashgar_unit)] * 2
    ):
        apps = []
        for _ in range(3):
            n += 1
            apps.append(
                make_passed(
                    make_holder(n),
                    committee=on,
                    unit=unit,
                    title=title,
                    specialty=specialty,
                    template=template,
                )
            )
        documents.append(
            make_approval(on, apps, number=f"竞职改〔2026〕{d}号", created_by=committee_staff)
        )

    def issue(document: ApprovalDocument) -> Callable[[], list[Certificate]]:
        return lambda: actions.issue_certificates(document)

    # Every document once, and the first one a second time (a double click).
    results = race([issue(d) for d in documents] + [issue(documents[0])])

    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(len(r) for r in results) == [0, 3, 3, 3, 3, 3, 3]
    assert Certificate.objects.count() == 18
    urumqi = sorted(
        serial(c.number) for c in Certificate.objects.filter(number__startswith="XJ650100-2026-")
    )
    kashgar = sorted(
        serial(c.number) for c in Certificate.objects.filter(number__startswith="XJ653100-2026-")
    )
    assert urumqi == list(range(1, 13))
    assert kashgar == list(range(1, 7))
    for document in documents:
        serials = sorted(serial(c.number) for c in document.certificates.all())
        assert serials == list(range(serials[0], serials[0] + 3))  # one block per document
    counters = {(c.region.code, c.year): c.last for c in CertificateCounter.objects.all()}
    assert counters == {("650100", 2026): 12, ("653100", 2026): 6}
