"""POST /api/v1/certificates/verify and GET …/verify/{token}: public 证书查验 through the API.

The same answers as the page (certificates/tests/test_verify.py): both number and name must
match, a wrong name reads like an unknown number, the ID number masked, every lookup logged,
and the page's per-address limit counted together with the page.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from api.tests.conftest import API, body
from certificates import actions as certificate_actions
from certificates.models import Certificate, VerificationLog
from conftest import APPLICANT_ID
from zhicheng import ratelimit

pytestmark = pytest.mark.django_db

VERIFY = f"{API}/certificates/verify"
NUMBER = "XJ650100-2026-000001"
NOT_FOUND = "未查询到符合条件的证书，请核对证书编号和持证人姓名。"


def ask(client: Client, number: Any, name: Any, **extra: Any) -> Any:
    return client.post(
        VERIFY, {"number": number, "name": name}, content_type="application/json", **extra
    )


def limits(**changes: str) -> dict[str, str]:
    return {**settings.RATE_LIMITS, **changes}


def test_it_verifies_by_number_and_name_showing_what_the_page_shows(
    client: Client, certificate: Certificate
) -> None:
    response = ask(client, NUMBER, "张三")
    data = body(response)
    assert response.status_code == 200
    assert data["found"] is True and data["message"] == "查验结果：证书有效。"
    assert data["certificate"] == {
        "number": NUMBER,
        "holder_name": "张三",
        "id_number_masked": "6501**********1239",
        "qualification": "[乌鲁木齐市][中级]社会科学研究/助理研究员",
        "specialty": "经济学",
        "unit_name": "新疆财经大学",
        "committee_name": "乌鲁木齐市评审委员会",
        "approval_number": "乌职改〔2026〕12号",
        "approval_authority": "乌鲁木齐市职称改革工作领导小组办公室",
        "issued_on": "2026-11-20",
        "status": "valid",
        "status_label": "有效",
        "revoked_on": None,
        "revoked_reason": "",
    }
    assert APPLICANT_ID not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    log = VerificationLog.objects.get()
    assert (log.method, log.query, log.found, log.certificate) == (
        "number",
        NUMBER,
        True,
        certificate,
    )


def test_a_wrong_name_reads_exactly_like_an_unknown_number(
    client: Client, certificate: Certificate
) -> None:
    wrong_name = ask(client, NUMBER, "李四")
    unknown = ask(client, "XJ650100-2026-999999", "张三")
    assert wrong_name.status_code == unknown.status_code == 200
    assert wrong_name.content == unknown.content
    assert body(unknown) == {"found": False, "message": NOT_FOUND, "certificate": None}
    assert list(VerificationLog.objects.values_list("found", flat=True)) == [False, False]


def test_it_takes_the_number_as_a_chinese_keyboard_types_it(
    client: Client, certificate: Certificate
) -> None:
    response = ask(client, " ｘｊ６５０１００-２０２６-０００００１ ", " 张三 ")
    assert body(response)["found"] is True


def test_a_revoked_certificate_says_so_with_its_reason(
    client: Client, certificate: Certificate, committee_staff: Any
) -> None:
    certificate_actions.revoke_certificate(
        committee_staff, certificate.pk, "申报材料弄虚作假，依规撤销。"
    )
    data = body(ask(client, NUMBER, "张三"))
    assert data["message"] == "该证书已撤销。"
    assert data["certificate"]["status"] == "revoked"
    assert data["certificate"]["status_label"] == "已撤销"
    assert data["certificate"]["revoked_reason"] == "申报材料弄虚作假，依规撤销。"
    assert data["certificate"]["revoked_on"] is not None


@pytest.mark.parametrize(
    ("payload", "field", "message"),
    [
        (
            {"number": "XJ-1", "name": "张三"},
            "number",
            "证书编号格式不正确，应如 XJ650000-2026-000123。",
        ),
        ({"number": NUMBER, "name": "   "}, "name", "请填写姓名。"),
        ({"number": NUMBER, "name": "<script>"}, "name", "姓名不能包含 < 或 > 等符号。"),
        (
            {"number": NUMBER, "name": "张\u202e三"},
            "name",
            "姓名中含有不可见的控制字符，请重新输入。",
        ),
        ({"number": NUMBER}, "name", "必须填写。"),
        ({"number": 12, "name": "张三"}, "number", "应为文字。"),
        ({"number": NUMBER, "name": "张" * 51}, "name", "不能超过 50 个字符。"),
    ],
)
def test_it_refuses_bad_input_in_chinese_and_looks_nothing_up(
    client: Client, certificate: Certificate, payload: dict[str, Any], field: str, message: str
) -> None:
    response = client.post(VERIFY, payload, content_type="application/json")
    data = body(response)
    assert response.status_code == 422
    assert data["detail"] == "请求参数不正确。"
    assert {"field": field, "message": message} in data["errors"]
    assert not VerificationLog.objects.exists()


def test_it_refuses_a_body_that_is_not_json(client: Client) -> None:
    response = client.post(VERIFY, "number=1&name=2", content_type="application/json")
    assert response.status_code == 400
    assert body(response) == {"detail": "请求内容不是有效的 JSON。"}


def test_the_qr_token_finds_the_certificate(client: Client, certificate: Certificate) -> None:
    response = client.get(f"{API}/certificates/verify/{certificate.token}")
    data = body(response)
    assert response.status_code == 200 and data["certificate"]["number"] == NUMBER
    assert data["certificate"]["id_number_masked"] == "6501**********1239"
    log = VerificationLog.objects.get()
    assert (log.method, log.query) == ("token", certificate.token[:8])


@pytest.mark.parametrize("token", ["nope", "x" * 65, "%E2%80%AE"])
def test_an_unknown_qr_token_is_a_404_with_the_same_answer(
    client: Client, certificate: Certificate, token: str
) -> None:
    response = client.get(f"{API}/certificates/verify/{token}")
    assert response.status_code == 404
    assert body(response) == {"found": False, "message": NOT_FOUND, "certificate": None}


def test_the_page_and_the_api_share_one_limit_per_address(
    client: Client, certificate: Certificate
) -> None:
    with override_settings(RATE_LIMITS=limits(**{"certificate-verify": "3/10m"})):
        page = reverse("certificates:verify")
        client.post(page, {"number": NUMBER, "name": "张三"})
        client.post(page, {"number": NUMBER, "name": "张三"})
        assert ask(client, NUMBER, "张三").status_code == 200
        over = ask(client, NUMBER, "张三")
        assert over.status_code == 429
        assert body(over) == {"detail": "您的网络地址查验次数过多，请 10 分钟后再试。"}
        assert over["Retry-After"] == "600"
        # Badly typed lookups count as well, and the QR path is the same limit.
        assert ask(client, "bad", "").status_code == 429
        assert client.get(f"{API}/certificates/verify/{certificate.token}").status_code == 429
        # The page refuses this address too; another address is not affected.
        assert client.post(page, {"number": NUMBER, "name": "张三"}).status_code == 429
        assert ask(client, NUMBER, "张三", REMOTE_ADDR="10.0.0.9").status_code == 200
    assert VerificationLog.objects.count() == 4


def test_every_badly_typed_lookup_counts(client: Client, certificate: Certificate) -> None:
    with override_settings(RATE_LIMITS=limits(**{"certificate-verify": "2/10m"})):
        assert ask(client, "bad", "张三").status_code == 422
        assert client.post(VERIFY, "{", content_type="application/json").status_code == 400
        assert ask(client, NUMBER, "张三").status_code == 429
    assert not VerificationLog.objects.exists()


def test_a_limit_that_cannot_be_counted_refuses_with_503(
    client: Client, certificate: Certificate, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(name: str, key: str) -> bool:
        raise ratelimit.RateLimitUnavailable(name)

    monkeypatch.setattr(ratelimit, "hit", down)
    response = ask(client, NUMBER, "张三")
    assert response.status_code == 503
    assert body(response) == {"detail": "服务暂时不可用，请稍后再试。"}
    assert not VerificationLog.objects.exists()
