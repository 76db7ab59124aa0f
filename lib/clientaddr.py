"""The client's address behind a known number of trusted reverse proxies (no Django here).

Each trusted proxy appends the address of the peer it saw to `X-Forwarded-For`, so with
`proxy_count` proxies the rightmost `proxy_count` entries were written by them and the
entry `proxy_count` places from the right is the client as the outermost proxy saw it.
Whatever stands further left was sent by the client and is ignored: adding hops cannot
change the answer. With `proxy_count` 0 the header is not read at all. A header shorter
than the proxy chain, or an entry that is not an IP address, falls back to REMOTE_ADDR
(the nearest peer), which is never wrong, only less precise.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"
REMOTE_ADDR = "REMOTE_ADDR"
MAX_HEADER = 4096  # longer headers are not parsed (a proxy chain is a few dozen bytes)


def normalise(value: object) -> str | None:
    """`value` as a canonical IP address string, or None.

    Accepts what proxies write: surrounding spaces, `a.b.c.d:port`, `[v6]` and `[v6]:port`.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if text.startswith("["):  # [2001:db8::1] or [2001:db8::1]:443
        end = text.find("]")
        if end < 0 or (text[end + 1 :] and not _is_port(text[end + 1 :])):
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # 192.0.2.1:8080 (a bare IPv6 address has several colons)
        host, port = text.split(":")
        if not port.isdigit():
            return None
        text = host
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return str(address.ipv4_mapped)  # ::ffff:192.0.2.1 is the IPv4 client 192.0.2.1
    return str(address)


def _is_port(suffix: str) -> bool:
    return suffix.startswith(":") and suffix[1:].isdigit()


def client_address(meta: Mapping[str, object], proxy_count: int) -> str | None:
    """The client's address from a WSGI environ / Django `request.META`, or None.

    `proxy_count` is how many reverse proxies in front of the application are trusted to
    append to X-Forwarded-For (settings.PROXY_COUNT). A negative or non-integer count is
    treated as 0.
    """
    remote = normalise(meta.get(REMOTE_ADDR))
    if not isinstance(proxy_count, int) or isinstance(proxy_count, bool) or proxy_count <= 0:
        return remote
    header = meta.get(FORWARDED_FOR)
    if not isinstance(header, str) or not header.strip() or len(header) > MAX_HEADER:
        return remote
    hops = header.split(",")
    if len(hops) < proxy_count:
        return remote
    return normalise(hops[-proxy_count]) or remote
