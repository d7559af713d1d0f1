"""The argon2 profiles: OWASP's minimum unless a test stack asks for the light one, which
production refuses; hashes made under either profile verify under both."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from backend.adapters import security
from backend.settings import Settings

STRONG = {name: "x" * 32 for name in
          ("secret_key", "ssn_hmac_key", "ssn_encryption_key", "service_api_key")}


@pytest.fixture(autouse=True)
def _owasp_again() -> object:
    yield
    security.use_password_hashing("owasp")


def test_the_default_profile_is_owasps_minimum() -> None:
    assert Settings().password_hashing == "owasp"
    security.use_password_hashing(Settings().password_hashing)
    assert "$m=19456,t=2,p=1$" in security.hash_password("correct horse")


def test_production_refuses_the_light_profile() -> None:
    with pytest.raises(ValidationError, match="PASSWORD_HASHING=light"):
        Settings(app_env="production", password_hashing="light", **STRONG)
    assert Settings(app_env="production", **STRONG).password_hashing == "owasp"
    assert Settings(app_env="test", password_hashing="light").password_hashing == "light"


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ValidationError):
        Settings(password_hashing="none")


def test_hashes_of_either_profile_verify_under_both() -> None:
    security.use_password_hashing("light")
    light = security.hash_password("correct horse")
    assert "$m=1024,t=1,p=1$" in light
    security.use_password_hashing("owasp")
    owasp = security.hash_password("correct horse")
    for profile in ("owasp", "light"):
        security.use_password_hashing(profile)
        assert security.verify_password(light, "correct horse")
        assert security.verify_password(owasp, "correct horse")
        assert not security.verify_password(light, "correct horsE")
        assert not security.verify_password(owasp, "correct horsE")
