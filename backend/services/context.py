"""What every service needs besides the unit of work."""

from __future__ import annotations

from dataclasses import dataclass

from backend.adapters.background import BackgroundJobs
from backend.adapters.mail import Mailer
from backend.adapters.ratelimit import RateLimiter
from backend.adapters.reads import Reader
from backend.adapters.security import Crypto, use_password_hashing
from backend.adapters.uow import UnitOfWorkFactory
from backend.settings import Settings


@dataclass
class AppContext:
    settings: Settings
    crypto: Crypto
    limiter: RateLimiter
    mailer: Mailer
    uow: UnitOfWorkFactory
    reader: Reader
    background: BackgroundJobs


def build_context(settings: Settings) -> AppContext:
    from backend.adapters.db import make_engine, make_sessionmaker

    use_password_hashing(settings.password_hashing)
    engine = make_engine(settings.database_url, settings.db_pool_size, settings.db_max_overflow)
    crypto = Crypto(settings.secret_key, settings.ssn_hmac_key, settings.ssn_encryption_key)
    return AppContext(
        settings=settings,
        crypto=crypto,
        # Its own small pool: a request holds a connection from the main pool while it
        # counts a hit, so sharing that pool could leave every request waiting on another.
        limiter=RateLimiter(make_engine(settings.database_url, 2, 8), crypto.limit_key_hash,
                            settings.rate_limits_enabled),
        mailer=Mailer(settings, crypto),
        uow=UnitOfWorkFactory(make_sessionmaker(engine)),
        reader=Reader(engine),
        background=BackgroundJobs(),
    )
