"""The one Settings object (pydantic-settings), read from the environment."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET_KEY = "dev-secret-key-change-me"
DEV_SSN_HMAC_KEY = "dev-ssn-hmac-key-change-me"
DEV_SSN_ENCRYPTION_KEY = "dev-ssn-encryption-key-change-me"
DEV_SERVICE_API_KEY = "dev-service-key-change-me"
DEV_DEFAULTS = {
    "secret_key": DEV_SECRET_KEY,
    "ssn_hmac_key": DEV_SSN_HMAC_KEY,
    "ssn_encryption_key": DEV_SSN_ENCRYPTION_KEY,
    "service_api_key": DEV_SERVICE_API_KEY,
}


def _default_db_url() -> str:
    return f"sqlite:///{(Path.cwd() / 'var' / 'certification.db').as_posix()}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=None, extra="ignore", case_sensitive=False)

    app_env: Literal["development", "test", "production"] = "development"
    database_url: str = ""
    public_base_url: str = "http://127.0.0.1:8000"
    service_api_key: str = DEV_SERVICE_API_KEY
    secret_key: str = DEV_SECRET_KEY
    ssn_hmac_key: str = DEV_SSN_HMAC_KEY
    ssn_encryption_key: str = DEV_SSN_ENCRYPTION_KEY

    # The OpenAPI spec and UI under /docs; unset: on except in production.
    api_docs: bool | None = None

    log_dir: str | None = None
    log_level: str = "INFO"
    log_sql: bool = False

    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_from: str = "Educator Certification <no-reply@certification.example.org>"
    smtp_starttls: bool = True

    access_token_ttl_seconds: int = 3600
    login_code_ttl_seconds: int = 600
    set_password_ttl_seconds: int = 48 * 3600
    view_token_ttl_seconds: int = 600
    # Wrong guesses one emailed code takes before it is spent (counted atomically on its row).
    login_code_max_attempts: int = 3

    rate_limits_enabled: bool = True
    # Counts per window (seconds); raise them for load tests, never disable in production.
    # Why these shapes: docs/api.md, "Sign-in throttling". There is no hard lock.
    # Sign-in checks (password or code) by one client on one account; a success clears it.
    rate_auth_per_account_client: int = 5
    # Password checks on one account from all clients (distributed guessing); a signed-in
    # emailed code or a password reset clears it. Plus a daily ceiling (NIST SP 800-63B
    # 5.2.2: at most 100 consecutive failures).
    rate_auth_per_account: int = 20
    rate_auth_per_account_day: int = 100
    # Every password and code check of one client, API and console alike.
    rate_auth_per_client: int = 60
    rate_auth_window: int = 15 * 60
    # Code requests: per (account, client), per account (bounds mail and code guessing),
    # per client.
    rate_code_per_account_client: int = 5
    rate_code_per_account: int = 10
    rate_code_per_client: int = 30
    rate_code_window: int = 15 * 60
    rate_link_per_account: int = 5
    rate_link_per_account_window: int = 15 * 60
    rate_link_per_client: int = 20
    rate_link_per_client_window: int = 3600
    # Forgot-username / forgot-password: per address or username, and per client.
    rate_forgot_per_target: int = 3
    rate_forgot_per_client: int = 20
    rate_forgot_window: int = 15 * 60
    # Account creation and username availability answer whether a username exists.
    rate_create_per_client: int = 10
    rate_create_window: int = 3600
    rate_availability_per_client: int = 60
    rate_availability_window: int = 15 * 60

    # argon2id cost (backend/adapters/security.py): OWASP's minimum everywhere except a
    # test stack, which may choose "light"; refused in production.
    password_hashing: Literal["owasp", "light"] = "owasp"

    # Server worker processes. Safe above one: rate-limit counts are kept in the database.
    backend_workers: int = Field(default=1, ge=1, le=32)

    db_pool_size: int = 10
    db_max_overflow: int = 20

    # Read by the parts of the product served in the same process (the staff console):
    # the Rasa tracker store it reads transcripts from, and the Rasa server it sends a
    # staff reply through.
    tracker_store_url: str | None = None
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_api_token: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Settings:
        if not self.database_url:
            self.database_url = _default_db_url()
        self.public_base_url = self.public_base_url.rstrip("/")
        if self.app_env == "production" and self.password_hashing != "owasp":
            raise ValueError("refusing to start in production with PASSWORD_HASHING="
                             f"{self.password_hashing}: passwords need the owasp profile")
        if self.app_env == "production":
            weak = [
                name.upper() for name, default in DEV_DEFAULTS.items()
                if getattr(self, name) in ("", default) or len(getattr(self, name)) < 16
            ]
            if weak:
                raise ValueError(
                    "refusing to start in production with default or short secrets: "
                    + ", ".join(weak)
                )
        return self

    @property
    def is_production(self) -> bool:
        return self.app_env == "production"

    @property
    def docs_enabled(self) -> bool:
        return self.api_docs if self.api_docs is not None else not self.is_production

    @property
    def is_dev(self) -> bool:
        return self.app_env in ("development", "test")
