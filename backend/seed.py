"""Demo data for `python -m backend.cli seed` (idempotent). See docs/demo-data.md."""

from __future__ import annotations

import logging
from datetime import date, timedelta

from sqlalchemy import select

from backend.adapters import security
from backend.adapters.models import (
    Account,
    Application,
    ConductAnswer,
    EducatorProfile,
    StatusHistory,
    utcnow,
)
from backend.adapters.uow import UnitOfWork
from backend.domain import rules
from backend.domain.catalog import CONDUCT_QUESTIONS, MAILING_ADDRESS
from backend.services import profiles, records
from backend.services.context import AppContext

logger = logging.getLogger(__name__)

DEMO_PASSWORD = "Demo-pass-2026"  # documented in docs/demo-data.md; demo data only

STAFF = (
    ("helpdesk.demo", "helpdesk.demo@example.org", "helpdesk"),
    ("certify.demo", "certify.demo@example.org", "certification"),
    ("district.demo", "district.demo@example.org", "district"),
    ("admin.demo", "admin.demo@example.org", "admin"),
)

# Fake SSNs in the never-issued 9xx area.
REVIEW: dict[str, str | None] = {"username": "jordan.rivera", "email": "jordan.rivera@example.org",
          "ssn": "900-11-0001", "dob": "1990-05-17", "educator_id": "4100001",
          "first": "Jordan", "middle": "Lee", "last": "Rivera", "gender": "Female"}
CLEARED: dict[str, str | None] = {"username": "maria.chen", "email": "maria.chen@example.org",
           "ssn": "900-22-0002", "dob": "1986-09-02", "educator_id": "4100002",
           "first": "Maria", "middle": None, "last": "Chen", "gender": "Female"}
UNLINKED = {"username": "sam.patel", "email": "sam.patel@example.org"}


async def _account(uow: UnitOfWork, username: str, email: str, role: str,
                   access: bool) -> tuple[Account, bool]:
    existing = (await uow.session.execute(
        select(Account).where(Account.username_normalized == rules.normalize_username(username))
    )).scalar_one_or_none()
    if existing is not None:
        return existing, False
    account = Account(
        username=username, username_normalized=rules.normalize_username(username),
        email=email, email_normalized=rules.normalize_email(email),
        password_hash=await security.hash_password_async(DEMO_PASSWORD), state="active",
        role=role, failed_attempts=0, created_at=utcnow(),
        access_granted_at=utcnow() if access else None,
    )
    uow.session.add(account)
    await uow.session.flush()
    return account, True


async def _profile(ctx: AppContext, uow: UnitOfWork, account: Account,
                   person: dict[str, str | None]) -> tuple[EducatorProfile, bool]:
    ssn = rules.normalize_ssn(person["ssn"])
    existing = await profiles.profile_by_ssn_hmac(uow, ctx.crypto.ssn_hmac(ssn))
    if existing is not None:
        return existing, False
    educator_id = str(person["educator_id"])
    if await profiles.profile_by_educator_id(uow, educator_id) is not None:
        educator_id = await profiles.new_educator_id(uow)
    profile = profiles.new_profile(ctx, ssn, str(person["dob"]), educator_id)
    profile.account_id = account.id
    profile.first_name, profile.middle_name = person["first"], person["middle"]
    profile.last_name, profile.gender = person["last"], person["gender"]
    profile.email = account.email
    profile.address_line1, profile.city, profile.state = "100 Main St", "Jefferson City", "MO"
    profile.postal_code, profile.mobile_phone = "65101", "573-555-0100"
    uow.session.add(profile)
    await uow.session.flush()
    return profile, True


def _answers(app: Application) -> None:
    for q in CONDUCT_QUESTIONS:
        app.answers.append(ConductAnswer(question_id=q.id, answer=False, explanation=None))


PRODUCTION_REFUSAL = (
    "refusing to seed demo data in production (APP_ENV=production): the demo users share a "
    "published password. Create staff users with `python -m backend.cli create-staff`."
)


class SeedRefused(RuntimeError):
    """The demo seed was asked to run where it must not."""


async def seed(ctx: AppContext, uow: UnitOfWork) -> list[str]:
    if ctx.settings.is_production:
        raise SeedRefused(PRODUCTION_REFUSAL)
    out: list[str] = []
    for username, email, role in STAFF:
        _, created = await _account(uow, username, email, role, access=False)
        out.append(f"staff {username} ({role}): {'created' if created else 'exists'}")

    today = date.today()
    # 1. An application under review, with a memo.
    acct, _ = await _account(uow, str(REVIEW["username"]), str(REVIEW["email"]), "educator",
                             access=True)
    prof, created = await _profile(ctx, uow, acct, REVIEW)
    if created:
        now = utcnow()
        app = Application(profile_id=prof.id, type_code="initial_professional",
                          status="under_review", created_at=now - timedelta(days=12),
                          submitted_at=now - timedelta(days=10), sworn_accepted_at=now,
                          memo="Waiting for the official transcript from Lincoln University "
                               "and the institution's recommendation. Mail originals to "
                               f"{MAILING_ADDRESS}, with your Educator ID.")
        _answers(app)
        app.history.extend([
            StatusHistory(status="draft", at=now - timedelta(days=12), actor="educator",
                          note="Application started"),
            StatusHistory(status="submitted", at=now - timedelta(days=10), actor="educator",
                          note="Submitted to DESE"),
            StatusHistory(status="under_review", at=now - timedelta(days=3),
                          actor="certify.demo", note="Review started"),
        ])
        uow.session.add(app)
        await uow.session.flush()
        await records.set_background(uow, None, prof.educator_id, "pending",
                                     fingerprinted_on=today - timedelta(days=5),
                                     actor_name="seed")
        await records.add_college(uow, prof, "Lincoln University", "Jefferson City", "MO")
    out.append(f"educator {REVIEW['username']}: application under review with a memo "
               f"(Educator ID {prof.educator_id})")

    # 2. Cleared, with an active certificate.
    acct, _ = await _account(uow, str(CLEARED["username"]), str(CLEARED["email"]), "educator",
                             access=True)
    prof, created = await _profile(ctx, uow, acct, CLEARED)
    if created:
        now = utcnow()
        app = Application(profile_id=prof.id, type_code="initial_professional", status="issued",
                          created_at=now - timedelta(days=120),
                          submitted_at=now - timedelta(days=118), sworn_accepted_at=now,
                          memo="Certificate issued. Print it from Certificate Status.")
        _answers(app)
        for days, status in ((120, "draft"), (118, "submitted"), (100, "under_review"),
                             (95, "approved"), (94, "issued")):
            app.history.append(StatusHistory(status=status, at=now - timedelta(days=days),
                                             actor="seed"))
        uow.session.add(app)
        await uow.session.flush()
        cleared_on = today - timedelta(days=100)
        await records.set_background(uow, None, prof.educator_id, "cleared",
                                     fingerprinted_on=cleared_on - timedelta(days=9),
                                     cleared_on=cleared_on, actor_name="seed")
        await records.add_transcript(uow, None, prof.educator_id, "University of Missouri",
                                     today - timedelta(days=110), "Bachelor of Science in "
                                     "Education", "Elementary Education",
                                     date(today.year - 1, 5, 15), actor_name="seed")
        await records.add_assessment(uow, None, prof.educator_id,
                                     "Praxis Elementary Education: Multiple Subjects", "5001",
                                     172, 157, today - timedelta(days=200), actor_name="seed")
        await records.add_certificate(uow, None, prof.educator_id,
                                      "Initial Professional Certificate",
                                      "Elementary Education (Grades 1-6)",
                                      today - timedelta(days=94),
                                      (today - timedelta(days=94)).replace(
                                          year=today.year + 4, month=6, day=30),
                                      actor_name="seed")
    out.append(f"educator {CLEARED['username']}: cleared, active certificate "
               f"(Educator ID {prof.educator_id})")

    # 3. An account that is not linked yet (access not requested either).
    await _account(uow, UNLINKED["username"], UNLINKED["email"], "educator", access=False)
    out.append(f"educator {UNLINKED['username']}: account only, not linked")
    await uow.commit()
    logger.info("demo data seeded")
    return out
