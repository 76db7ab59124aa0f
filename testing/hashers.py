"""A cheap Argon2 for the test suite (zhicheng/settings_test.py).

The production hasher spends ~150 ms and 100 MiB per hash on purpose; a test that signs in,
registers or changes a password pays that at every call (and the sign-in of an unknown name
hashes once to hide that the account is missing). This one is the same algorithm and the same
`argon2$argon2id$…` format — a hash it makes verifies with the real hasher and vice versa —
with the smallest costs the algorithm allows.
"""

from __future__ import annotations

from django.contrib.auth.hashers import Argon2PasswordHasher


class FastArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 8  # KiB: the minimum for one lane
    parallelism = 1
