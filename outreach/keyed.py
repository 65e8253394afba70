"""Turn the one secret (OUTREACH_SECRET_KEY, or `tracking-secret` in the data folder) into keyed hashes.

A plain SHA-256 of a phone number or client number is reversed in seconds by trying every
number; an HMAC with a secret key is not. Tracking keeps erased client numbers this way and
messaging its opt-outs. Share the key between machines that use one PostgreSQL database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable

from . import config


def secret() -> bytes:
    """OUTREACH_SECRET_KEY, or a random key kept in the data folder (made once, readable by the owner only)."""
    key = config.get("OUTREACH_SECRET_KEY")
    if key:
        return key.encode()
    from . import sharedfiles

    return sharedfiles.once(config.data_dir() / "tracking-secret", lambda: secrets.token_hex(32).encode()).strip()


def hashes(purpose: str, values: Iterable[str]) -> dict[str, str]:
    """value -> HMAC-SHA256(secret, purpose + ":" + value) in hex, for each value."""
    base = hmac.new(secret(), purpose.encode() + b":", hashlib.sha256)  # copied per value: about 5 microseconds each
    out: dict[str, str] = {}
    for value in values:
        mac = base.copy()
        mac.update(value.encode())
        out[value] = mac.hexdigest()
    return out


def keyed_hash(purpose: str, value: str) -> str:
    return hashes(purpose, [value])[value]
