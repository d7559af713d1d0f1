"""Command-line tool for operators: migrate, seed, serve and staff tasks.

    python -m backend.cli migrate
    python -m backend.cli seed
    python -m backend.cli serve --host 127.0.0.1 --port 8000   (the API alone; the whole
                                  product's app: python -m server serve ...)
    python -m backend.cli create-staff --username hd.smith --email hd@example.org --role helpdesk
    python -m backend.cli set-status --application-id 3 --status under_review --memo "..."
    python -m backend.cli record-fingerprints --educator-id 1234567 --status cleared \
        --cleared-on 2026-01-05
    python -m backend.cli record-assessment --educator-id 1234567 --name "Praxis ..." \
        --code 5038 --score 170 --passing-score 157
    python -m backend.cli issue-certificate --educator-id 1234567 \
        --type "Initial Professional Certificate" --area "English 9-12" \
        --issued-on 2026-01-10 --expires-on 2030-06-30
    python -m backend.cli record-transcript --educator-id 1234567 \
        --college "University of Missouri" --degree "B.S. Ed." --major English

Passwords are read from the environment variable named by --password-env, or prompted for;
they are never taken as command-line arguments (which land in shell history).
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from pydantic import ValidationError

from backend.domain.errors import DomainError
from backend.settings import Settings

logger = logging.getLogger(__name__)


def _date(value: str) -> date:
    return date.fromisoformat(value)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m backend.cli", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations (alembic upgrade head)")
    sub.add_parser("seed", help="create demo users and records (idempotent)")
    s = sub.add_parser("serve", help="run the HTTP server")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)

    c = sub.add_parser("create-staff", help="create a staff user (or change its role)")
    c.add_argument("--username", required=True)
    c.add_argument("--email", required=True)
    c.add_argument("--role", required=True,
                   choices=["district", "helpdesk", "certification", "admin"])
    c.add_argument("--password-env", help="name of an environment variable holding the password")

    st = sub.add_parser("set-status", help="move an application and set its memo")
    st.add_argument("--application-id", type=int, required=True)
    st.add_argument("--status", required=True)
    st.add_argument("--memo")

    f = sub.add_parser("record-fingerprints", help="record background clearance")
    f.add_argument("--educator-id", required=True)
    f.add_argument("--status", required=True,
                   choices=["not_started", "pending", "cleared", "under_review"])
    f.add_argument("--fingerprinted-on", type=_date)
    f.add_argument("--cleared-on", type=_date)
    f.add_argument("--expires-on", type=_date)
    f.add_argument("--agency")

    a = sub.add_parser("record-assessment", help="record a designated assessment score")
    a.add_argument("--educator-id", required=True)
    a.add_argument("--name", required=True)
    a.add_argument("--code", required=True)
    a.add_argument("--score", type=int, required=True)
    a.add_argument("--passing-score", type=int, required=True)
    a.add_argument("--taken-on", type=_date)

    ce = sub.add_parser("issue-certificate", help="record an issued certificate")
    ce.add_argument("--educator-id", required=True)
    ce.add_argument("--type", required=True)
    ce.add_argument("--area", required=True)
    ce.add_argument("--issued-on", type=_date, default=date.today())
    ce.add_argument("--expires-on", type=_date)
    ce.add_argument("--status", default="active", choices=["active", "inactive", "expired"])

    t = sub.add_parser("record-transcript", help="record a received transcript / degree")
    t.add_argument("--educator-id", required=True)
    t.add_argument("--college", required=True)
    t.add_argument("--received-on", type=_date, default=date.today())
    t.add_argument("--degree")
    t.add_argument("--major")
    t.add_argument("--conferred-on", type=_date)
    return p


async def _with_ctx(settings: Settings, fn: Callable[[Any, Any], Awaitable[Any]]) -> Any:
    from backend.services.context import build_context

    ctx = build_context(settings)
    try:
        async with ctx.uow() as uow:
            return await fn(ctx, uow)
    finally:
        await ctx.uow.sessionmaker.kw["bind"].dispose()


def _operator() -> str:
    return "cli:" + (os.environ.get("USER") or "operator")


def main(
    argv: list[str] | None = None, app_factory: Callable[[Settings], Any] | None = None
) -> int:
    """Run one command. `serve` serves `app_factory(settings)`: by default the backend
    alone (API and its pages); `python -m server` passes the whole product's app."""
    args = _parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        # Messages only: pydantic's full text would echo the (secret) input values.
        reasons = "; ".join(e["msg"] for e in exc.errors(include_input=False, include_url=False))
        print(f"configuration refused: {reasons}", file=sys.stderr)
        return 2
    from backend.logging_setup import configure_logging

    configure_logging(settings)

    if args.command == "migrate":
        from backend.migrate import upgrade

        upgrade(settings.database_url)
        print("database migrated")
        return 0
    if args.command == "seed" and settings.is_production:
        from backend.seed import PRODUCTION_REFUSAL

        print(f"refused: {PRODUCTION_REFUSAL}", file=sys.stderr)
        return 2
    if args.command == "serve":
        from backend.app import create_app, serve

        serve(settings, args.host, args.port, app_factory or create_app)
        return 0
    try:
        return asyncio.run(_run(args, settings))
    except DomainError as exc:
        print(f"refused: {exc.code}: {exc.message}", file=sys.stderr)
        return 1


async def _run(args: argparse.Namespace, settings: Settings) -> int:
    from backend.services import accounts, applications, records

    op = _operator()
    if args.command == "seed":
        from backend.seed import seed

        summary = await _with_ctx(settings, seed)
        for line in summary:
            print(line)
        return 0
    if args.command == "create-staff":
        password = os.environ.get(args.password_env) if args.password_env else None
        if password is None and sys.stdin.isatty():
            password = getpass.getpass("Password (empty: email a set-password link): ") or None

        async def create(ctx: Any, uow: Any) -> Any:
            existing = await accounts.get_by_username(uow, args.username)
            if existing is not None:
                existing.role = args.role
                await uow.commit()
                return existing
            return await accounts.create_account(ctx, uow, args.username, args.email, password,
                                                 role=args.role)

        account = await _with_ctx(settings, create)
        print(f"staff user {account.username}: role={account.role} state={account.state}")
        return 0
    if args.command == "set-status":
        app = await _with_ctx(settings, lambda ctx, uow: applications.staff_set_status(
            uow, None, args.application_id, args.status, args.memo, actor_name=op))
        print(f"application {app.id}: {app.status}")
        return 0
    if args.command == "record-fingerprints":
        check = await _with_ctx(settings, lambda ctx, uow: records.set_background(
            uow, None, args.educator_id, args.status, args.fingerprinted_on, args.cleared_on,
            args.expires_on, args.agency, actor_name=op))
        print(f"background for {args.educator_id}: {check.status}")
        return 0
    if args.command == "record-assessment":
        row = await _with_ctx(settings, lambda ctx, uow: records.add_assessment(
            uow, None, args.educator_id, args.name, args.code, args.score, args.passing_score,
            args.taken_on, actor_name=op))
        print(f"assessment {row.code} recorded for {args.educator_id}")
        return 0
    if args.command == "issue-certificate":
        cert = await _with_ctx(settings, lambda ctx, uow: records.add_certificate(
            uow, None, args.educator_id, args.type, args.area, args.issued_on, args.expires_on,
            args.status, actor_name=op))
        print(f"certificate {cert.id} recorded for {args.educator_id}")
        return 0
    if args.command == "record-transcript":
        await _with_ctx(settings, lambda ctx, uow: records.add_transcript(
            uow, None, args.educator_id, args.college, args.received_on, args.degree, args.major,
            args.conferred_on, actor_name=op))
        print(f"transcript recorded for {args.educator_id}")
        return 0
    raise AssertionError(args.command)


if __name__ == "__main__":
    raise SystemExit(main())
