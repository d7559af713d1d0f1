"""The one place where domain exceptions become HTTP responses."""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError
from sanic import Request, Sanic
from sanic.exceptions import MethodNotAllowed, NotFound, SanicException
from sanic.response import HTTPResponse, json

from backend.domain import errors

logger = logging.getLogger(__name__)

STATUS: dict[type[errors.DomainError], int] = {
    errors.NotFound: 404,
    errors.NotAuthenticated: 401,
    errors.Forbidden: 403,
    errors.RateLimited: 429,
    errors.ValidationFailed: 422,
    errors.InvalidUsername: 422,
    errors.InvalidEmail: 422,
    errors.WeakPassword: 422,
    errors.UsernameTaken: 409,
    errors.EmailInUse: 409,
    errors.InvalidToken: 400,
    errors.InvalidCredentials: 401,
    errors.PasswordNotSet: 403,
    errors.AccountLocked: 423,
    errors.InvalidCode: 401,
    errors.AccessNotGranted: 403,
    errors.InvalidSsn: 422,
    errors.InvalidDateOfBirth: 422,
    errors.SsnLinkedToOtherAccount: 409,
    errors.AccountAlreadyLinked: 409,
    errors.IdentityNotVerified: 422,
    errors.ProfileNotLinked: 409,
    errors.ImmutableField: 422,
    errors.EmailRequired: 422,
    errors.UnknownApplicationType: 422,
    errors.ApplicationExists: 409,
    errors.UnknownQuestion: 422,
    errors.ExplanationRequired: 422,
    errors.SwornStatementNotAccepted: 422,
    errors.ApplicationNotEditable: 409,
    errors.IncompleteApplication: 422,
    errors.InvalidTransition: 409,
    errors.CollegeExists: 409,
}


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "message": message}
    if details:
        err["details"] = details
    return {"error": err}


def error_response(
    status: int, code: str, message: str, details: dict[str, Any] | None = None
) -> HTTPResponse:
    headers = {}
    if details and "retry_after_seconds" in details:
        headers["Retry-After"] = str(details["retry_after_seconds"])
    return json(error_body(code, message, details), status=status, headers=headers)


def status_for(exc: errors.DomainError) -> int:
    for cls in type(exc).__mro__:
        if cls in STATUS:
            return STATUS[cls]
    return 400


def validation_details(exc: ValidationError) -> dict[str, Any]:
    # Only locations and messages: pydantic's `input` would echo what the user sent.
    fields = [
        {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
        for e in exc.errors(include_url=False, include_input=False, include_context=False)
    ]
    return {"fields": fields}


async def on_domain_error(request: Request, exc: errors.DomainError) -> HTTPResponse:
    status = status_for(exc)
    logger.info("refused %s %s: %s (%s)", request.method, request.path, exc.code, status)
    return error_response(status, exc.code, exc.message, exc.details)


async def on_validation_error(request: Request, exc: ValidationError) -> HTTPResponse:
    logger.info("refused %s %s: validation_error", request.method, request.path)
    return error_response(422, "validation_error", "Some fields are missing or invalid.",
                          validation_details(exc))


async def on_sanic_error(request: Request, exc: SanicException) -> HTTPResponse:
    if isinstance(exc, NotFound):
        return error_response(404, "not_found", "Not found.")
    if isinstance(exc, MethodNotAllowed):
        resp = error_response(405, "method_not_allowed", "That method is not allowed here.")
        allowed = getattr(exc, "allowed_methods", None) or ()
        resp.headers["Allow"] = ", ".join(sorted(allowed))
        return resp
    status = getattr(exc, "status_code", 500) or 500
    if status >= 500:
        logger.error("server error on %s %s: %s", request.method, request.path,
                     type(exc).__name__)
        return error_response(500, "internal_error", "Something went wrong on our side.")
    code = {400: "bad_request", 401: "not_authenticated", 403: "forbidden",
            413: "payload_too_large"}.get(status, "bad_request")
    return error_response(status, code, "The request could not be handled.")


async def on_unexpected(request: Request, exc: Exception) -> HTTPResponse:
    # The exception type and traceback go to the log; the request body never does.
    logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(500, "internal_error", "Something went wrong on our side.")


def register(app: Sanic) -> None:
    app.error_handler.add(errors.DomainError, on_domain_error)
    app.error_handler.add(ValidationError, on_validation_error)
    app.error_handler.add(SanicException, on_sanic_error)
    app.error_handler.add(Exception, on_unexpected)
