"""Reuse the application-ready world of the applications tests (a committee, chain, window)."""

from applications.tests.conftest import (  # noqa: F401
    chain_world,
    draft,
    filled,
    specialty,
    template,
    title,
)
