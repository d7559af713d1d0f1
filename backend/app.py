"""The Sanic app factory: create_app(settings)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from functools import partial

from sanic import Blueprint, Request, Sanic
from sanic.response import HTTPResponse

from backend import http_headers
from backend.api import accounts, applications, auth, handoffs, ids, me, pages, records, staff
from backend.api import errors as api_errors
from backend.logging_setup import AccessLog
from backend.services.context import AppContext, build_context
from backend.serving import serve_app
from backend.settings import Settings

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"

API_DESCRIPTION = (
    "Certification backend for the Educator Certification Assistant. Errors are "
    '`{"error": {"code", "message", "details"?}}` with stable codes; see docs/api.md.'
)


Mount = Callable[[Sanic, AppContext], None]


def create_app(
    settings: Settings | None = None,
    name: str = "certification_backend",
    mounts: Sequence[Mount] = (),
) -> Sanic:
    """The backend's Sanic app: the REST API, its pages, error mapping, headers, access log.

    `mounts` are the other parts of the product served in this process (the staff console,
    the chat page): each is called with the app and the backend's `AppContext` after the
    API's routes are registered and before the id guard and error handlers, so they get
    both. The backend imports none of them; the composition root (`server.app`) does.
    """
    settings = settings or Settings()
    app = Sanic(name, configure_logging=False)
    app.config.REQUEST_MAX_SIZE = 1_000_000
    app.config.ACCESS_LOG = False
    app.config.FALLBACK_ERROR_FORMAT = "json"
    # The OpenAPI spec and UI: on in development and test, off in production unless
    # API_DOCS=true (the spec lists every route, the staff ones included).
    app.config.OAS = settings.docs_enabled
    app.config.OAS_URL_PREFIX = "/docs"
    app.config.OAS_UI_DEFAULT = "swagger"
    app.config.OAS_UI_REDOC = False
    app.config.OAS_TITLE = "Educator Certification backend"
    app.config.OAS_VERSION = "1.0.0"
    app.config.OAS_DESCRIPTION = API_DESCRIPTION
    app.config.HEALTH = False
    app.config.CORS = False

    context: AppContext = build_context(settings)
    app.ctx.backend = context
    app.ctx.settings = settings

    app.blueprint(pages.bp)
    # Every resource's blueprint carries its own path; the version prefix is said once.
    app.blueprint(Blueprint.group(
        accounts.bp, auth.bp, me.bp, applications.catalog_bp, applications.bp,
        records.bp, staff.district_bp, staff.bp, handoffs.bp,
        url_prefix=API_PREFIX,
    ))
    if settings.is_dev:
        app.blueprint(pages.dev_bp)

    for mount in mounts:
        mount(app, context)

    api_errors.register(app)
    ids.guard_route_ids(app)
    access_log = AccessLog()
    production = settings.is_production

    @app.on_response
    async def _access_log(request: Request, response: HTTPResponse) -> None:
        # Method, path and status only: query strings can carry tokens, bodies carry PII.
        # Sanic's HTTP/1 stream notes when the handler started (no request middleware).
        started = getattr(request.stream, "perft0", None)
        ms = (time.perf_counter() - started) * 1000 if started else 0.0
        # A path that matched a route without parameters is our own text: no redaction.
        route = request.route
        literal = route is not None and not route.params
        access_log.record(request.method, request.path, response.status, ms, literal)
        http_headers.apply(request.path, response, production)

    @app.after_server_stop
    async def _dispose(app: Sanic) -> None:
        access_log.flush()
        await context.background.drain()
        context.reader.close()
        engine = context.uow.sessionmaker.kw["bind"]
        await engine.dispose()
        await context.limiter.dispose()

    logger.info("backend app created (env=%s)", settings.app_env)
    return app


def serve(
    settings: Settings, host: str, port: int,
    factory: Callable[[Settings], Sanic] = create_app,
) -> None:
    """Serve `factory(settings)` with `settings.backend_workers` processes (`backend.serving`).

    Several workers are safe: rate-limit counts live in the database, and every other
    piece of per-process state is a cache or a buffer.
    """
    serve_app(partial(factory, settings), host, port, settings.backend_workers)
