"""SQLAlchemy 2 ORM models. Sensitive values are stored only as keyed hashes or ciphertext."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC datetimes on SQLite too (which drops tzinfo)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


ROLES = ("educator", "district", "helpdesk", "certification", "admin")
STAFF_ROLES = ("district", "helpdesk", "certification", "admin")
# The width of an Educator ID column (generated IDs are 7 digits).
EDUCATOR_ID_LENGTH = 12


class Account(Base):
    """A user of any role. Staff users are accounts with a staff role."""

    __tablename__ = "accounts"
    # One username per person: no two educators' accounts share an email (staff may; accounts
    # made before the rule that share one are marked legacy_shared_email: migration 0006).
    __table_args__ = (
        Index("uq_accounts_educator_email", "email_normalized", unique=True,
              sqlite_where=text("role = 'educator' AND legacy_shared_email = 0"),
              postgresql_where=text("role = 'educator' AND NOT legacy_shared_email")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(30))
    username_normalized: Mapped[str] = mapped_column(String(30), unique=True)
    email: Mapped[str] = mapped_column(String(254))
    email_normalized: Mapped[str] = mapped_column(String(254), index=True)
    password_hash: Mapped[str | None] = mapped_column(String(255), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="pending_password")
    role: Mapped[str] = mapped_column(String(20), default="educator")
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    legacy_shared_email: Mapped[bool] = mapped_column(Boolean, default=False,
                                                      server_default=false())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    access_granted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    profile: Mapped[EducatorProfile | None] = relationship(
        back_populates="account", uselist=False, lazy="raise"
    )

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES


class AuthToken(Base):
    """Bearer tokens: only a keyed hash is stored; revoked on logout."""

    __tablename__ = "auth_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PasswordToken(Base):
    """Set-password / reset links (single use)."""

    __tablename__ = "password_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    purpose: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RateLimitHit(Base):
    """One counted attempt (sign-in, code, link, recovery) under a rate-limit key.

    Kept in the database so that every backend worker, and a restarted backend, sees the
    same counts. Keys name usernames, e-mail addresses and clients, so only a keyed
    digest of the key is stored.
    """

    __tablename__ = "rate_limit_hits"
    __table_args__ = (Index("ix_rate_limit_hits_key_hash_at", "key_hash", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginCode(Base):
    """One-time sign-in codes (6 digits, keyed hash only, 10 minutes, single use)."""

    __tablename__ = "login_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The keyed digest of the client (conversation or address) that asked for the code:
    # only that client may use it, so nobody else can guess it or spend it.
    client_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Checks made against this code, counted by one guarded UPDATE before each check.
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class EducatorProfile(Base):
    """The educator record. One account per profile and one profile per account (unique keys)."""

    __tablename__ = "educator_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), unique=True, nullable=True
    )
    educator_id: Mapped[str] = mapped_column(String(EDUCATOR_ID_LENGTH), unique=True)
    ssn_hmac: Mapped[str] = mapped_column(String(64), unique=True)
    ssn_encrypted: Mapped[str] = mapped_column(Text)
    ssn_last4: Mapped[str] = mapped_column(String(4))
    dob_hmac: Mapped[str] = mapped_column(String(64))
    dob_encrypted: Mapped[str] = mapped_column(Text)
    first_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    middle_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    last_name: Mapped[str | None] = mapped_column(String(80), nullable=True)
    gender: Mapped[str | None] = mapped_column(String(20), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    address_line1: Mapped[str | None] = mapped_column(String(200), nullable=True)
    address_line2: Mapped[str | None] = mapped_column(String(200), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str | None] = mapped_column(String(40), nullable=True)
    postal_code: Mapped[str | None] = mapped_column(String(20), nullable=True)
    home_phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    mobile_phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    work_phone: Mapped[str | None] = mapped_column(String(30), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    account: Mapped[Account | None] = relationship(back_populates="profile", lazy="raise")

    @property
    def full_name(self) -> str:
        parts = [self.first_name, self.middle_name, self.last_name]
        return " ".join(p for p in parts if p) or "(name not saved)"


class Application(Base):
    __tablename__ = "applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), index=True
    )
    type_code: Mapped[str] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="draft")
    memo: Mapped[str | None] = mapped_column(Text, nullable=True)
    sworn_accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # The status lookup's JSON of this application, kept current by `adapters.documents`;
    # NULL means "build it live". Deferred: ORM reads never need it.
    document: Mapped[str | None] = mapped_column(Text, nullable=True, deferred=True)

    answers: Mapped[list[ConductAnswer]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ConductAnswer.question_id"
    )
    history: Mapped[list[StatusHistory]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="StatusHistory.id"
    )


class ConductAnswer(Base):
    __tablename__ = "conduct_answers"
    __table_args__ = (UniqueConstraint("application_id", "question_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("applications.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(40))
    answer: Mapped[bool] = mapped_column(Boolean)
    explanation: Mapped[str | None] = mapped_column(Text, nullable=True)


class StatusHistory(Base):
    __tablename__ = "application_status_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    actor: Mapped[str | None] = mapped_column(String(40), nullable=True)


class BackgroundCheck(Base):
    __tablename__ = "background_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), unique=True
    )
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    fingerprinted_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    cleared_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    agency: Mapped[str | None] = mapped_column(String(120), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class College(Base):
    __tablename__ = "colleges"
    __table_args__ = (UniqueConstraint("profile_id", "name_normalized"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_normalized: Mapped[str] = mapped_column(String(200))
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str | None] = mapped_column(String(40), nullable=True)
    added_by: Mapped[str] = mapped_column(String(20), default="educator")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Transcript(Base):
    __tablename__ = "transcripts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), index=True
    )
    college: Mapped[str] = mapped_column(String(200))
    received_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    degree: Mapped[str | None] = mapped_column(String(120), nullable=True)
    major: Mapped[str | None] = mapped_column(String(120), nullable=True)
    conferred_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Assessment(Base):
    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str] = mapped_column(String(40))
    score: Mapped[int] = mapped_column(Integer)
    passing_score: Mapped[int] = mapped_column(Integer)
    taken_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Certificate(Base):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    profile_id: Mapped[int] = mapped_column(
        ForeignKey("educator_profiles.id", ondelete="CASCADE"), index=True
    )
    type: Mapped[str] = mapped_column(String(120))
    area: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(20), default="active")
    issued_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class AuditEvent(Base):
    """Every read of another person's records (and every staff change) leaves a row."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_account_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    actor_username: Mapped[str] = mapped_column(String(60))
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(60))
    subject_educator_id: Mapped[str | None] = mapped_column(String(EDUCATOR_ID_LENGTH),
                                                            nullable=True, index=True)
    detail: Mapped[str | None] = mapped_column(Text, nullable=True)


class Handoff(Base):
    """A conversation the bot hands to the help desk."""

    __tablename__ = "handoffs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[str] = mapped_column(String(120), index=True)
    channel: Mapped[str] = mapped_column(String(40))
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    educator_id: Mapped[str | None] = mapped_column(String(12), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open", index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(30), nullable=True)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class MailMessage(Base):
    """The outbox: every outgoing email. Bodies hold codes and links, so they are encrypted."""

    __tablename__ = "mail_outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    to_address: Mapped[str] = mapped_column(String(254), index=True)
    subject: Mapped[str] = mapped_column(String(200))
    body_encrypted: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="recorded")
