"""Public 证书查验: by number and name or by the QR link; no enumeration; logged; rate-limited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts.models import User
from certificates import actions
from certificates.models import Certificate, VerificationLog
from conftest import APPLICANT_ID
from testing.pages import text as page

pytestmark = pytest.mark.django_db

VERIFY = reverse("certificates:verify")
NUMBER = "XJ650100-2026-000001"
NOT_FOUND = "未查询到符合条件的证书"


def token_url(token: str) -> str:
    return reverse("certificates:verify_token", args=[token])


def ask(client: Client, number: str, name: str, **extra: Any) -> Any:
    return client.post(VERIFY, {"number": number, "name": name}, **extra)


def result_block(response: Any) -> str:
    html = page(response)
    match = re.search(r'<div class="verify-result[^"]*" id="verify-result".*?</div>', html, re.S)
    assert match, html
    return match.group(0)


def assert_shows(html: str, *, status: str) -> None:
    for text in (
        NUMBER,
        "张三",
        "6501**********1239",
        "[乌鲁木齐市][中级]社会科学研究/助理研究员",
        "经济学",
        "新疆财经大学",
        "乌鲁木齐市评审委员会",
        "乌职改〔2026〕12号",
        "乌鲁木齐市职称改革工作领导小组办公室",
        "2026年11月20日",
        status,
    ):
        assert text in html, text
    assert APPLICANT_ID not in html


def test_the_form_needs_no_sign_in(client: Client) -> None:
    response = client.get(VERIFY)
    html = page(response)
    assert response.status_code == 200
    assert "职称电子证书查验" in html and 'name="number"' in html and 'name="name"' in html
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_number_and_name_find_the_certificate(client: Client, certificate: Certificate) -> None:
    response = ask(client, NUMBER, "张三")
    assert response.status_code == 200
    assert_shows(page(response), status="有效")
    assert "查验结果：证书有效" in page(response)
    log = VerificationLog.objects.get()
    assert (log.method, log.query, log.found, log.certificate, log.ip_address) == (
        "number",
        NUMBER,
        True,
        certificate,
        "127.0.0.1",
    )


def test_spaces_around_either_field_are_ignored(client: Client, certificate: Certificate) -> None:
    response = ask(client, f"  {NUMBER} ", "\u3000张三 ")
    assert "查验结果：证书有效" in page(response)


def test_a_number_typed_full_width_or_in_lower_case_is_read(
    client: Client, certificate: Certificate
) -> None:
    assert "查验结果：证书有效" in page(
        ask(client, "ＸＪ６５０１００－２０２６－０００００１", "张三")
    )
    assert "查验结果：证书有效" in page(ask(client, NUMBER.lower(), "张三"))


def test_a_wrong_name_for_a_real_number_reads_like_an_unknown_number(
    client: Client, certificate: Certificate
) -> None:
    wrong_name = ask(client, NUMBER, "李四")
    unknown = ask(client, "XJ650100-2026-000999", "张三")
    assert wrong_name.status_code == unknown.status_code == 200
    assert NOT_FOUND in page(wrong_name)
    assert result_block(wrong_name) == result_block(unknown)
    assert NUMBER not in result_block(wrong_name) and "6501**" not in page(wrong_name)
    logs = list(VerificationLog.objects.order_by("id"))
    assert [(log.query, log.found, log.certificate) for log in logs] == [
        (NUMBER, False, None),
        ("XJ650100-2026-000999", False, None),
    ]


@pytest.mark.parametrize("name", ["张", "张三三", "张 三", "ZHANGSAN"])
def test_the_name_must_match_exactly(client: Client, certificate: Certificate, name: str) -> None:
    assert NOT_FOUND in page(ask(client, NUMBER, name))


@pytest.mark.parametrize(
    ("number", "name", "field", "message"),
    [
        ("", "张三", "number", "请填写证书编号。"),
        (NUMBER, "   ", "name", "请填写姓名。"),
        ("650102199001011239", "张三", "number", "证书编号格式不正确"),
        ("XJ650100-2026-1", "张三", "number", "证书编号格式不正确"),
        ("XJ650100-2026-000001' OR 1=1", "张三", "number", "证书编号格式不正确"),
        (NUMBER, "<script>alert(1)</script>", "name", "不能包含 &lt; 或 &gt;"),
        (NUMBER, "张\u202e三", "name", "不可见的控制字符"),
        (NUMBER, "张" * 51, "name", "不超过 50"),
    ],
)
def test_bad_input_is_refused_beside_the_field_and_kept(
    client: Client, certificate: Certificate, number: str, name: str, field: str, message: str
) -> None:
    response = ask(client, number, name)
    html = page(response)
    assert response.status_code == 200
    box = html.split(f'id="field-{field}"')[1].split("</div>")[0]
    assert message in box
    assert 'id="verify-result"' not in html
    assert "<script>alert" not in html
    assert not VerificationLog.objects.exists()  # nothing was looked up


def test_the_qr_link_shows_the_certificate(client: Client, certificate: Certificate) -> None:
    response = client.get(token_url(certificate.token))
    assert response.status_code == 200
    assert_shows(page(response), status="有效")
    assert "no-store" in response["Cache-Control"]
    log = VerificationLog.objects.get()
    assert (log.method, log.query, log.found, log.certificate) == (
        "token",
        certificate.token[:8],
        True,
        certificate,
    )


@pytest.mark.parametrize(
    "token", ["guessed-token-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "x" * 300, "1"]
)
def test_a_guessed_token_gets_the_not_found_page_and_is_logged(
    client: Client, certificate: Certificate, token: str
) -> None:
    response = client.get(token_url(token))
    html = page(response)
    assert response.status_code == 404
    assert NOT_FOUND in html and "职称电子证书查验" in html
    assert 'name="number"' in html  # the form to try the number instead
    assert NUMBER not in html
    log = VerificationLog.objects.get()
    assert (log.method, log.query, log.found, log.certificate) == ("token", token[:8], False, None)


def test_a_token_differing_in_case_is_not_found(client: Client, certificate: Certificate) -> None:
    response = client.get(token_url(certificate.token.swapcase()))
    assert response.status_code == 404


def test_a_revoked_certificate_shows_as_revoked_with_date_and_reason(
    client: Client, certificate: Certificate, committee_staff: User
) -> None:
    revoked = actions.revoke_certificate(committee_staff, certificate.pk, "经核查申报材料不实")
    for response in (ask(client, NUMBER, "张三"), client.get(token_url(certificate.token))):
        html = page(response)
        assert response.status_code == 200
        assert_shows(html, status="已撤销")
        assert "该证书已撤销" in html and "证书有效" not in html
        assert revoked.revoked_at is not None
        assert f"于 {revoked.revoked_at:%Y}年" in html
        assert "撤销原因：经核查申报材料不实" in html


def test_the_log_never_holds_an_id_number_or_the_name(
    client: Client, certificate: Certificate
) -> None:
    ask(client, NUMBER, "张三")
    ask(client, NUMBER, APPLICANT_ID)
    client.get(token_url(certificate.token))
    stored = " ".join(
        f"{log.method} {log.query} {log.ip_address}" for log in VerificationLog.objects.all()
    )
    assert APPLICANT_ID not in stored and "张三" not in stored
    assert certificate.token not in stored


# --- rate limit ---------------------------------------------------------------------------


def test_the_21st_lookup_in_ten_minutes_is_refused(
    client: Client, certificate: Certificate
) -> None:
    for n in range(20):
        response = (
            ask(client, NUMBER, "张三") if n % 2 else client.get(token_url(certificate.token))
        )
        assert response.status_code == 200, n
    refused = ask(client, NUMBER, "张三")
    html = page(refused)
    assert refused.status_code == 429
    assert "查验过于频繁" in html and "请 10 分钟后再试" in html
    assert refused["Retry-After"] == "600"
    assert NUMBER not in html
    assert client.get(token_url(certificate.token)).status_code == 429
    assert VerificationLog.objects.count() == 20  # refused lookups are not looked up


def test_badly_typed_lookups_count_too(client: Client, certificate: Certificate) -> None:
    for _ in range(20):
        ask(client, "nonsense", "张三")
    assert ask(client, NUMBER, "张三").status_code == 429


def test_showing_the_form_does_not_count(client: Client, certificate: Certificate) -> None:
    for _ in range(30):
        client.get(VERIFY)
    assert ask(client, NUMBER, "张三").status_code == 200


def test_the_limit_is_per_address(client: Client, certificate: Certificate) -> None:
    for _ in range(21):
        ask(client, NUMBER, "张三", REMOTE_ADDR="198.51.100.1")
    assert ask(client, NUMBER, "张三", REMOTE_ADDR="198.51.100.1").status_code == 429
    assert ask(client, NUMBER, "张三", REMOTE_ADDR="198.51.100.2").status_code == 200


@override_settings(PROXY_COUNT=1)
def test_behind_a_proxy_a_forged_forwarded_for_does_not_escape_the_limit(
    client: Client, certificate: Certificate
) -> None:
    for n in range(20):
        forged = f"203.0.113.{n}, 192.0.2.7"  # the proxy appended the real address last
        ask(client, NUMBER, "张三", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forged)
    refused = ask(
        client, NUMBER, "张三", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.7"
    )
    assert refused.status_code == 429
    assert VerificationLog.objects.filter(ip_address="192.0.2.7").count() == 20


@override_settings(RATE_LIMITS={"certificate-verify": "2/1m"})
def test_the_limit_can_be_set(client: Client, certificate: Certificate) -> None:
    assert ask(client, NUMBER, "张三").status_code == 200
    assert ask(client, NUMBER, "张三").status_code == 200
    refused = ask(client, NUMBER, "张三")
    assert refused.status_code == 429 and "请 1 分钟后再试" in page(refused)
