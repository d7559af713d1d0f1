"""Password hashing (argon2id), keyed hashes, AES-GCM encryption and signed random tokens."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import os
import secrets
import time

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# argon2id with OWASP's minimum profile (19 MiB, 2 passes, 1 lane): about 80 ms here, so a
# 2-core server stays responsive under sign-in load while brute force stays expensive.
# "light" (1 MiB, 1 pass) is for test stacks only, which create thousands of accounts and
# codes (the blind conversations spent a third of the stack's CPU time in argon2): the
# settings refuse it in production (backend/settings.py). A hash records its own
# parameters, so hashes made under either profile verify under both.
PASSWORD_HASHING = {
    "owasp": PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1),
    "light": PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1),
}
_hasher = PASSWORD_HASHING["owasp"]


def use_password_hashing(profile: str) -> None:
    """Hash new passwords and codes with `profile` (a key of PASSWORD_HASHING)."""
    global _hasher
    _hasher = PASSWORD_HASHING[profile]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def hash_password_async(password: str) -> str:
    # argon2 is deliberately slow; keep it off the event loop.
    return await asyncio.to_thread(hash_password, password)


async def verify_password_async(password_hash: str | None, password: str) -> bool:
    return await asyncio.to_thread(verify_password, password_hash, password)


_DUMMY_HASH: str | None = None


async def burn_password_check(password: str) -> None:
    """Spend the time of a real check when the account does not exist (no timing oracle)."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = await hash_password_async(secrets.token_urlsafe(16))
    await verify_password_async(_DUMMY_HASH, password)


def _key(material: str, purpose: str) -> bytes:
    return hashlib.sha256(f"{purpose}:{material}".encode()).digest()


def _require_folded(digits: str, length: int) -> None:
    """Keyed hashes see only the ASCII form that pii.identity returns: an SSN typed in
    another script must hash like its ASCII twin, never to a second record."""
    if len(digits) != length or not (digits.isascii() and digits.isdigit()):
        raise ValueError("an SSN or date of birth must be normalised before it is hashed")


class Crypto:
    """Keyed operations built from the configured secrets."""

    def __init__(self, secret_key: str, ssn_hmac_key: str, ssn_encryption_key: str) -> None:
        self._token_key = _key(secret_key, "tokens")
        # Keyed once: every signed-in request takes two MACs with this key, and copying a
        # keyed state costs about half of keying afresh (same digests as hmac.digest).
        self._token_mac = hmac.new(self._token_key, digestmod=hashlib.sha256)
        self._limit_key = _key(secret_key, "rate-limits")
        self._ssn_key = _key(ssn_hmac_key, "ssn-hmac")
        self._aes = AESGCM(_key(ssn_encryption_key, "aes-gcm"))

    # ---- keyed hashes ----
    def ssn_hmac(self, ssn_digits: str) -> str:
        _require_folded(ssn_digits, 9)
        return hmac.new(self._ssn_key, ssn_digits.encode(), hashlib.sha256).hexdigest()

    def dob_hmac(self, ssn_digits: str, dob_iso: str) -> str:
        _require_folded(ssn_digits, 9)
        _require_folded(dob_iso.replace("-", ""), 8)
        msg = f"dob:{ssn_digits}:{dob_iso}".encode()
        return hmac.new(self._ssn_key, msg, hashlib.sha256).hexdigest()

    def _token_mac_of(self, data: bytes) -> bytes:
        mac = self._token_mac.copy()
        mac.update(data)
        return mac.digest()

    def token_hash(self, token: str) -> str:
        return self._token_mac_of(token.encode()).hex()

    def limit_key_hash(self, key: str) -> str:
        """Rate-limit keys name usernames and e-mail addresses: store only this digest."""
        return hmac.digest(self._limit_key, key.encode(), "sha256").hex()

    def code_hash(self, account_id: int, code: str) -> str:
        msg = f"code:{account_id}:{code}".encode()
        return hmac.new(self._token_key, msg, hashlib.sha256).hexdigest()

    # ---- encryption at rest ----
    def encrypt(self, plaintext: str, context: str) -> str:
        nonce = os.urandom(12)
        ct = self._aes.encrypt(nonce, plaintext.encode(), context.encode())
        return base64.b64encode(nonce + ct).decode()

    def decrypt(self, blob: str, context: str) -> str:
        raw = base64.b64decode(blob)
        return self._aes.decrypt(raw[:12], raw[12:], context.encode()).decode()

    # ---- signed random tokens ----
    def _sign(self, payload: str) -> str:
        mac = self._token_mac_of(payload.encode())[:12]
        return base64.urlsafe_b64encode(mac).decode().rstrip("=")

    def new_token(self, prefix: str) -> str:
        body = f"{prefix}_{secrets.token_urlsafe(32)}"
        return f"{body}.{self._sign(body)}"

    def check_token(self, token: str, prefix: str) -> bool:
        """True when the token is well formed and carries our signature (DB lookup still needed)."""
        if not token or "." not in token or len(token) > 200:
            return False
        body, _, sig = token.rpartition(".")
        return body.startswith(prefix + "_") and hmac.compare_digest(sig, self._sign(body))

    def view_token(self, certificate_id: int, account_id: int, ttl: int) -> str:
        """A short-lived, stateless token to open one certificate PDF from a link."""
        exp = int(time.time()) + ttl
        body = f"v1.{certificate_id}.{account_id}.{exp}"
        return f"{body}.{self._sign(body)}"

    def check_view_token(self, token: str, certificate_id: int) -> int | None:
        """Return the account id the token was made for, or None."""
        parts = (token or "").split(".")
        if len(parts) != 5 or parts[0] != "v1":
            return None
        body, sig = ".".join(parts[:4]), parts[4]
        if not hmac.compare_digest(sig, self._sign(body)):
            return None
        try:
            cert_id, account_id, exp = int(parts[1]), int(parts[2]), int(parts[3])
        except ValueError:
            return None
        if cert_id != certificate_id or exp < time.time():
            return None
        return account_id


def new_login_code() -> str:
    return f"{secrets.randbelow(1_000_000):06d}"


def constant_time_equals(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
