"""lib.clientaddr: the one client-address function, behind PROXY_COUNT trusted proxies."""

from __future__ import annotations

import pytest

from lib.clientaddr import client_address, normalise


def meta(forwarded: str | None = None, remote: str | None = "10.0.0.1") -> dict[str, object]:
    values: dict[str, object] = {}
    if remote is not None:
        values["REMOTE_ADDR"] = remote
    if forwarded is not None:
        values["HTTP_X_FORWARDED_FOR"] = forwarded
    return values


def test_without_proxies_it_ignores_the_header() -> None:
    assert client_address(meta("198.51.100.7"), 0) == "10.0.0.1"


def test_one_proxy_trusts_the_rightmost_hop() -> None:
    assert client_address(meta("198.51.100.7"), 1) == "198.51.100.7"


def test_extra_hops_sent_by_the_client_are_ignored() -> None:
    spoofed = "1.1.1.1, 2.2.2.2, 3.3.3.3, 198.51.100.7"
    assert client_address(meta(spoofed), 1) == "198.51.100.7"


def test_two_proxies_take_the_second_hop_from_the_right() -> None:
    chain = "6.6.6.6, 198.51.100.7, 10.1.1.1"  # client lie, outer proxy saw 198…, inner 10.1…
    assert client_address(meta(chain), 2) == "198.51.100.7"


def test_a_header_shorter_than_the_chain_falls_back_to_the_peer() -> None:
    assert client_address(meta("198.51.100.7"), 2) == "10.0.0.1"


@pytest.mark.parametrize(
    "forwarded",
    ["", "   ", "unknown", "not-an-ip", "198.51.100.7, ", "<script>", "999.1.1.1", "1.2.3.4:x"],
)
def test_an_invalid_trusted_hop_falls_back_to_the_peer(forwarded: str) -> None:
    assert client_address(meta(forwarded), 1) == "10.0.0.1"


def test_a_huge_header_is_not_parsed() -> None:
    assert client_address(meta("1.1.1.1," * 2000 + "198.51.100.7"), 1) == "10.0.0.1"


def test_no_valid_address_at_all_is_none() -> None:
    assert client_address(meta(None, remote=""), 1) is None
    assert client_address(meta("junk", remote="junk"), 1) is None
    assert client_address({}, 0) is None


@pytest.mark.parametrize("count", [-1, True, "1", None])
def test_a_bad_count_is_treated_as_no_proxy(count: object) -> None:
    assert client_address(meta("198.51.100.7"), count) == "10.0.0.1"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        (" 198.51.100.7 ", "198.51.100.7"),
        ("198.51.100.7:51234", "198.51.100.7"),
        ("2001:DB8::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("[2001:db8::1", None),
        ("[2001:db8::1]x", None),
        ("::ffff:192.0.2.1", "192.0.2.1"),
    ],
)
def test_it_normalises_what_proxies_write(written: str, expected: str | None) -> None:
    assert normalise(written) == expected
