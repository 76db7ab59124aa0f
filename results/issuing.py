"""The port through which a 批文 gets its certificates.

A 批文 is written here, in results; the certificates it names are issued by the
certificates app, which sits above results and imports it — never the other way. So results
asks through this port and certificates installs the implementation when Django starts
(`certificates.apps`), as `lib.outbox` does for notices. The 批文 pages show the batch's
progress as a `Progress`, and 继续颁发 asks the port to resume it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from accounts.models import User
    from results.models import ApprovalDocument


@dataclass(frozen=True)
class Progress:
    """Where the issuing of one 批文's certificates stands (the page and its JSON poll)."""

    status: str
    status_label: str
    done: int
    total: int
    percent: int
    failures: int
    error: str
    stalled: bool

    @property
    def running(self) -> bool:
        return self.status == "running"

    @property
    def finished(self) -> bool:
        return self.status == "done"

    @property
    def can_resume(self) -> bool:
        return self.stalled or self.status == "failed"

    def as_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "running": self.running,
            "finished": self.finished,
            "can_resume": self.can_resume,
        }


class Issuer(Protocol):
    def start(self, document: ApprovalDocument, total: int) -> None:
        """Called inside the transaction that writes the 批文 and its entries."""

    def progress(self, document: ApprovalDocument) -> Progress | None:
        """The batch of the 批文, or None when it has none."""

    def resume(self, staff: User, document: ApprovalDocument) -> None:
        """继续颁发 a failed or stalled batch; raises `lib.refusal.Refused` otherwise."""


_issuer: Issuer | None = None


def install(issuer: Issuer) -> None:
    """Called once by the certificates app when it is ready."""
    global _issuer
    _issuer = issuer


def issuer() -> Issuer:
    if _issuer is None:
        raise RuntimeError("no certificate issuer installed: is 'certificates' in INSTALLED_APPS?")
    return _issuer
