"""What the test suite shares: named users, reference data, application worlds, signed-in
clients and small files. The root conftest.py registers the fixture modules (`pytest_plugins`),
so every app's tests see the same fixtures without importing them; plain helpers are imported
from here (`from testing.worlds import fill`). docs/adr/0032-test-suite-speed.md.
"""
