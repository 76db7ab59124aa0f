"""The published OpenAPI schema tells the truth: it is a valid OpenAPI 3.1 document, and every
real answer of every operation (successes and refusals) validates against the response model
the schema declares for its status code — strictly, so a field the schema does not name fails
too. Successful bodies pass through ninja's response models (which drop undeclared fields),
so the check bites hardest on what bypasses them: the status codes, and the error bodies our
exception handlers write (checked: an extra key in the 404 body fails this test). The
documentation page lists every operation and model and loads nothing from elsewhere.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker  # type: ignore[import-untyped]
from openapi_spec_validator import validate as validate_spec

from accounts.models import User
from api.models import Scope
from api.tests.conftest import API, bearer, make_token
from applications.models import Application, Status
from certificates.models import Certificate
from orgs.models import ReviewCommittee
from results.models import MeetingResult, PublicityEntry

pytestmark = pytest.mark.django_db

SCHEMA_URL = f"{API}/openapi.json"
DOCS_URL = f"{API}/docs/"


def strict(node: Any) -> Any:
    """The schema with additionalProperties: false on every object that lists its properties."""
    if isinstance(node, dict):
        out = {key: strict(value) for key, value in node.items()}
        if "properties" in out and "additionalProperties" not in out:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [strict(item) for item in node]
    return node


class Recorder:
    """Calls the API and checks each answer against the schema served at SCHEMA_URL."""

    def __init__(self, client: Client) -> None:
        self.client = client
        response = client.get(SCHEMA_URL)
        assert response.status_code == 200
        self.spec = response.json()
        self.components = strict(copy.deepcopy(self.spec["components"]))
        self.seen: set[tuple[str, str, int]] = set()

    def __call__(
        self,
        method: str,
        template: str,
        expect: int,
        *,
        path: dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Any:
        url = API + template.format(**(path or {}))
        response = getattr(self.client, method)(url, **kwargs)
        assert response.status_code == expect, (url, response.content[:500])
        operation = self.spec["paths"][f"/api/v1{template}"][method]
        declared = operation["responses"].get(str(expect))
        assert declared is not None, (
            f"{method.upper()} {template} answered {expect}, not in the schema"
        )
        schema = declared["content"]["application/json"]["schema"]
        validator = Draft202012Validator(
            {**schema, "components": self.components}, format_checker=FormatChecker()
        )
        data = response.json()
        errors = sorted(validator.iter_errors(data), key=str)
        assert not errors, f"{method.upper()} {template} {expect}: {errors[0]}"
        self.seen.add((method, f"/api/v1{template}", expect))
        return data


def test_the_schema_is_a_valid_openapi_document(client: Client) -> None:
    response = client.get(SCHEMA_URL)
    spec = response.json()
    validate_spec(spec)
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "新疆职称管理平台数据接口"
    assert set(spec["components"]["securitySchemes"]) == {"ApplicantSession", "CommitteeToken"}


def test_every_answer_matches_the_published_schema(
    client: Client,
    certificate: Certificate,
    applicant: User,
    outsider: User,
    committee_staff: User,
    hr_admin: User,
    committee: ReviewCommittee,
    other_committee: ReviewCommittee,
    make_app: Callable[..., Application],
) -> None:
    call = Recorder(client)
    app = certificate.application
    document = certificate.approval
    assert document.publicity is not None
    MeetingResult.objects.create(
        meeting=document.publicity.meeting,
        application=app,
        members_present=9,
        votes_for=8,
        votes_against=0,
        votes_abstain=1,
        outcome=MeetingResult.Outcome.PASSED,
        recorded_by=committee_staff,
        recorded_at=timezone.now(),
    )
    PublicityEntry.objects.create(publicity=document.publicity, application=app)
    waiting = make_app(Status.IN_REVIEW)
    bare = make_app(Status.PASSED)  # no meeting, publicity, 批文 or certificate yet: nulls
    theirs = make_app(on=other_committee, holder=outsider)
    token = make_token(hr_admin, committee).secret
    results_only = make_token(hr_admin, committee, [Scope.RESULTS]).secret
    number = {"number": certificate.number, "name": "张三"}
    json = "application/json"

    # 证书查验
    found = call("post", "/certificates/verify", 200, data=number, content_type=json)
    assert found["certificate"]["id_number_masked"] == "6501**********1239"
    assert (
        call(
            "post", "/certificates/verify", 200, data={**number, "name": "李四"}, content_type=json
        )["certificate"]
        is None
    )
    call("post", "/certificates/verify", 422, data={"number": "x"}, content_type=json)
    call("post", "/certificates/verify", 400, data="{", content_type=json)
    call("get", "/certificates/verify/{token}", 200, path={"token": certificate.token})
    call("get", "/certificates/verify/{token}", 404, path={"token": "unknown"})
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "certificate-verify": "1/10m"}):
        call("get", "/certificates/verify/{token}", 429, path={"token": certificate.token})

    # The applicant
    call("get", "/me/applications", 401)
    client.force_login(committee_staff)
    call("get", "/me/certificates", 403)
    client.force_login(applicant)
    mine = call("get", "/me/applications", 200)
    assert [i["id"] for i in mine["items"]] == [app.pk]
    call("get", "/me/applications", 422, data={"limit": 0})
    call("get", "/me/applications/{application_id}", 200, path={"application_id": app.pk})
    call("get", "/me/applications/{application_id}", 404, path={"application_id": theirs.pk})
    call("get", "/me/applications/{application_id}", 422, path={"application_id": "x"})
    call("get", "/me/certificates", 200)
    call("get", "/me/certificates/{certificate_id}", 200, path={"certificate_id": certificate.pk})
    call("get", "/me/certificates/{certificate_id}", 404, path={"certificate_id": 10**9})
    client.logout()

    # A committee's token
    listed = call("get", "/committee/applications", 200, headers=bearer(token))
    assert {i["id"] for i in listed["items"]} == {app.pk, waiting.pk, bare.pk}
    call("get", "/committee/applications", 200, data={"status": "in_review"}, headers=bearer(token))
    call("get", "/committee/applications", 422, data={"status": "nope"}, headers=bearer(token))
    call("get", "/committee/applications", 401, headers=bearer("zc_" + "x" * 43))
    call("get", "/committee/applications", 403, headers=bearer(results_only))
    one = {"application_id": waiting.pk}
    call("get", "/committee/applications/{application_id}", 200, path=one, headers=bearer(token))
    call(
        "get",
        "/committee/applications/{application_id}",
        404,
        path={"application_id": theirs.pk},
        headers=bearer(token),
    )
    results = call("get", "/committee/results", 200, headers=bearer(token))
    full = next(i for i in results["items"] if i["application_id"] == app.pk)
    assert full["meeting"] and full["publicity"] and full["approval"] and full["certificate"]
    empty = next(i for i in results["items"] if i["application_id"] == bare.pk)
    assert empty["meeting"] is empty["certificate"] is None
    since = (timezone.now() - timedelta(hours=1)).isoformat()
    call(
        "get",
        "/committee/results",
        200,
        data={"updated_since": since, "year": 2026},
        headers=bearer(token),
    )
    call("get", "/committee/results", 422, data={"level": 9}, headers=bearer(token))
    call(
        "get",
        "/committee/results/{application_id}",
        200,
        path={"application_id": app.pk},
        headers=bearer(token),
    )
    call(
        "get",
        "/committee/results/{application_id}",
        404,
        path={"application_id": waiting.pk},
        headers=bearer(token),
    )
    with override_settings(RATE_LIMITS={**settings.RATE_LIMITS, "api-token": "1/10m"}):
        call("get", "/committee/results", 200, headers=bearer(results_only))
        call("get", "/committee/results", 429, headers=bearer(results_only))

    # Every operation the schema publishes was called and answered as published.
    published = {(m, p) for p, item in call.spec["paths"].items() for m in item}
    assert published == {(m, p) for m, p, _status in call.seen}
    assert all((m, p, 200) in call.seen for m, p in published)


def test_the_documentation_page_lists_every_operation_and_loads_nothing_from_elsewhere(
    client: Client,
) -> None:
    spec = client.get(SCHEMA_URL).json()
    response = client.get(DOCS_URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "新疆职称管理平台数据接口" in html and "接口令牌" in html
    for path, item in spec["paths"].items():
        assert path in html
        for operation in item.values():
            assert operation["summary"] in html
    for name in spec["components"]["schemas"]:
        assert f'id="schema-{name}"' in html
    assert SCHEMA_URL in html
    # No inline script, no style attribute, nothing fetched from another host.
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert "style=" not in html
    for address in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert address.startswith(("/", "#")), address
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_published_status_values_are_the_models() -> None:
    from typing import get_args

    from api import schemas
    from catalog.models import BusinessType

    assert set(get_args(schemas.StatusValue)) == set(Status.values)
    assert set(get_args(schemas.BusinessTypeValue)) == set(BusinessType.values)
