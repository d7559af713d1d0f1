"""Named domain exceptions. Each carries a stable code; HTTP statuses live in backend.api.errors."""

from __future__ import annotations

from typing import Any

from pii import identity

UPDATE_FORM = "Update Personal/Education Information Form"


class DomainError(Exception):
    """Base for every refusal the backend can give. `code` is stable, `message` is for people."""

    code = "domain_error"
    default_message = "The request was refused."

    def __init__(self, message: str | None = None, details: dict[str, Any] | None = None) -> None:
        self.message = message or self.default_message
        self.details = details
        super().__init__(self.message)


# ---- generic ----
class NotFound(DomainError):
    code = "not_found"
    default_message = "Not found."


class NotAuthenticated(DomainError):
    code = "not_authenticated"
    default_message = "Sign in first: a valid bearer token is required."


class Forbidden(DomainError):
    code = "forbidden"
    default_message = "Your role does not allow this."


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = "Too many attempts. Please wait a few minutes and try again."


class ValidationFailed(DomainError):
    code = "validation_error"
    default_message = "Some fields are missing or invalid."


# ---- accounts ----
class InvalidUsername(DomainError):
    code = "invalid_username"
    default_message = identity.MESSAGES[identity.USERNAME_INVALID]


class InvalidEmail(DomainError):
    code = "invalid_email"
    default_message = "That does not look like a valid email address."


class WeakPassword(DomainError):
    code = "weak_password"
    default_message = "A password has 8-128 characters with at least one letter and one digit."


class UsernameTaken(DomainError):
    code = "username_taken"
    default_message = "That username is already taken. Please choose another."


class EmailInUse(DomainError):
    """One username per person: an email already on an educator's account gets no second
    account (the usernames on it are mailed to that address instead)."""

    code = "email_in_use"
    default_message = ("That email address is already on an account, and each person has one "
                       "username. The username on it has been emailed to that address.")


class InvalidToken(DomainError):
    code = "invalid_token"
    default_message = "This link is not valid: it is unknown, already used or expired."


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    default_message = "The username or password is not correct."


class PasswordNotSet(DomainError):
    code = "password_not_set"
    default_message = (
        "This account has no password yet. Use the set-password link sent by email, "
        "or sign in with a one-time code."
    )


class AccountLocked(DomainError):
    code = "account_locked"
    default_message = (
        "This account is locked for 15 minutes after repeated failed attempts. "
        "Try again later or use Forgot Username/Password."
    )


class InvalidCode(DomainError):
    code = "invalid_code"
    default_message = "That code is not valid or has expired. Request a new code."


class AccessNotGranted(DomainError):
    code = "access_not_granted"
    default_message = "Request Educator Certification System access first."


# ---- link and profile ----
class InvalidSsn(DomainError):
    code = "invalid_ssn"
    default_message = identity.MESSAGES[identity.SSN_INVALID]


class InvalidDateOfBirth(DomainError):
    code = "invalid_date_of_birth"
    default_message = identity.MESSAGES[identity.DOB_INVALID]


class SsnLinkedToOtherAccount(DomainError):
    code = "ssn_linked_to_other_account"
    default_message = (
        "This SSN is already tied to another username. Do not create another username: "
        "use \"Forgot Username/Password?\" on the sign-in page to recover the username "
        "that is linked to your records."
    )


class AccountAlreadyLinked(DomainError):
    code = "account_already_linked"
    default_message = "This username is already linked to a different educator record."


class IdentityNotVerified(DomainError):
    code = "identity_not_verified"
    default_message = "We could not verify that SSN and date of birth."


class ProfileNotLinked(DomainError):
    code = "profile_not_linked"
    default_message = "Link your SSN and date of birth to your account first."


class ImmutableField(DomainError):
    code = "immutable_field"
    default_message = (
        "Name, SSN, date of birth and gender cannot be changed online. To request a change, "
        f"submit an {UPDATE_FORM} with supporting documents."
    )


class EmailRequired(DomainError):
    code = "email_required"
    default_message = (
        "An email address is required: all correspondence from Educator Certification "
        "is sent by email."
    )


# ---- applications ----
class UnknownApplicationType(DomainError):
    code = "unknown_application_type"
    default_message = "There is no application of that type."


class ApplicationExists(DomainError):
    code = "application_exists"
    default_message = "You already have an open application of this type."


class UnknownQuestion(DomainError):
    code = "unknown_question"
    default_message = "There is no Professional Conduct question with that id."


class ExplanationRequired(DomainError):
    code = "explanation_required"
    default_message = "A 'yes' answer to a Professional Conduct question needs an explanation."


class SwornStatementNotAccepted(DomainError):
    code = "sworn_statement_not_accepted"
    default_message = "To sign the Sworn Statement, answer exactly \"I accept\"."


class ApplicationNotEditable(DomainError):
    code = "application_not_editable"
    default_message = "This application can no longer be changed."


class IncompleteApplication(DomainError):
    code = "incomplete_application"
    default_message = "The application is not complete yet."


class InvalidTransition(DomainError):
    code = "invalid_transition"
    default_message = "The application cannot move to that status from its current status."


class CollegeExists(DomainError):
    code = "college_exists"
    default_message = "That college is already on your education record."
