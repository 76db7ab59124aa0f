"""Real TOTP devices for the staff roles, and the codes an authenticator app would show."""

from __future__ import annotations

import time

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def enrol_totp(user: User) -> TOTPDevice:
    """The user's confirmed TOTP device, created when missing: a real one, whose codes are
    computed here exactly as an authenticator app computes them (`totp_code`)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)
    return device


def totp_code(device: TOTPDevice, at: float | None = None, *, step: int | None = None) -> str:
    """The six digits an authenticator app shows at `at` (default now), or for time step `step`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, 0)
    if step is not None:
        at = device.t0 + step * device.step
    totp.time = time.time() if at is None else at
    return f"{totp.token():0{device.digits}d}"


def next_totp_code(device: TOTPDevice) -> str:
    """A code the device accepts now: this time step's, or the next one's when this one was
    already used (django-otp refuses a step twice); waits for a new step when both were."""
    while True:
        device.refresh_from_db()
        now = int(time.time() - device.t0) // device.step + device.drift
        for step in (now, now + 1):
            if step > device.last_t and abs(step - now) <= device.tolerance:
                return totp_code(device, step=step)
        time.sleep(1)
