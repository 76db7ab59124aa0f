"""Every place that shows a resident ID number asks the one decision, lib.visibility.

Behaviour: the holder sees their number whole on their own pages, anyone else sees it masked,
and each place follows the decision when it is turned around (so no place decides alone).
Source: outside lib/ no product code masks or shows a number by itself (`mask_id_number`, a
template printing `.id_number`), except the few listed with their reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from api.tests.conftest import API, bearer, body, make_token
from applications.models import Application
from lib import visibility
from orgs.models import ReviewCommittee
from recovery.models import Appeal
from testing.people import APPLICANT_ID

ROOT = Path(__file__).resolve().parents[2]
MASKED = "6501**********1239"


@pytest.fixture
def decision(monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Turn the one decision around: `decision(True)` lets everyone see every number."""

    def turn(everyone: bool) -> None:
        monkeypatch.setattr(visibility, "may_see_full_id", lambda viewer, holder: everyone)

    return turn


@pytest.mark.parametrize("page", ["accounts:home", "accounts:profile"])
def test_the_holders_own_pages_ask_the_decision(
    client: Client, applicant: User, decision: Callable[[bool], None], page: str
) -> None:
    client.force_login(applicant)
    assert APPLICANT_ID in client.get(reverse(page)).content.decode()
    decision(False)
    shown = client.get(reverse(page)).content.decode()
    assert APPLICANT_ID not in shown and MASKED in shown


def test_the_masked_number_of_an_account_is_the_decisions(
    applicant: User, decision: Callable[[bool], None]
) -> None:
    # What lists of other people's accounts show (系统设置 → 用户, the admin list).
    assert applicant.masked_id_number == MASKED
    decision(True)
    assert applicant.masked_id_number == APPLICANT_ID


def test_an_appeal_shows_the_number_as_the_decision_says(
    decision: Callable[[bool], None],
) -> None:
    appeal = Appeal(id_number=APPLICANT_ID)
    assert appeal.masked_id_number == MASKED
    decision(True)
    assert appeal.masked_id_number == APPLICANT_ID


def test_the_api_committee_list_asks_the_decision(
    client: Client,
    hr_admin: User,
    committee: ReviewCommittee,
    at_committee: Application,
    decision: Callable[[bool], None],
) -> None:
    token = make_token(hr_admin, committee).secret

    def shown() -> str:
        response = client.get(f"{API}/committee/applications", headers=bearer(token))
        item = next(i for i in body(response)["items"] if i["id"] == at_committee.pk)
        return str(item["id_number_masked"])

    assert shown() == MASKED
    decision(True)
    assert shown() == APPLICANT_ID


# --- the source ---------------------------------------------------------------------------

# Files that may mask a number by themselves, and why.
MASKING_ALLOWED = {
    "lib/idcard.py": "the masking itself",
    "lib/visibility.py": "the decision",
    "portal/demo.py": "the demo loader prints its logins for the operator (made-up numbers)",
    "portal/demo_applications.py": "stands a masked made-up number on a demo scan image",
}
SKIP = {"tests", "testing", "migrations", "e2e", "multiprocess", "scripts", ".venv", "var"}
MASK_CALL = re.compile(r"\bmask_id_number\(")
# A model's own field printed as it is (`{{ user.id_number }}`, `{{ app.applicant.id_number }}`);
# a value the view computed through the decision (`{{ id_number }}`, `{{ text.id_number }}`)
# is left alone.
MODELS = r"(?:user|u|applicant|holder|person|certificate|cert|appeal|a|app|application)"
RAW_IN_TEMPLATE = re.compile(r"\{\{\s*(?:[\w.]*\.)?" + MODELS + r"\.id_number\s*(\|[^}]*)?\}\}")


def _sources(suffix: str) -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob(f"*{suffix}"))
        if not SKIP.intersection(path.relative_to(ROOT).parts)
    ]


def test_no_product_code_masks_an_id_number_by_itself() -> None:
    offences = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in _sources(".py")
        if path.relative_to(ROOT).as_posix() not in MASKING_ALLOWED
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if MASK_CALL.search(line) and not line.lstrip().startswith(("#", "from ", "import "))
    ]
    assert not offences, (
        "ID numbers masked outside the one decision (use lib.visibility.id_for(viewer, holder, "
        "number), or the model's masked_id_number, which asks it):\n" + "\n".join(offences)
    )


def test_no_template_prints_a_raw_id_number() -> None:
    offences: list[str] = []
    for path in _sources(".html"):
        if "templates" not in path.relative_to(ROOT).parts:
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            offences.extend(
                f"{path.relative_to(ROOT)}:{n}: {match.group(0)}"
                for match in RAW_IN_TEMPLATE.finditer(line)
            )
    assert not offences, (
        "templates printing an ID number the view did not pass through lib.visibility "
        "(use {% id_for_viewer request.user holder number %} or masked_id_number):\n"
        + "\n".join(offences)
    )
