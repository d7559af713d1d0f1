"""Every email the account services send: (subject, body) pairs, worded in one place."""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURE = "Educator Certification"


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str


def password_link(purpose: str, username: str, link: str, hours: int) -> Mail:
    """The set-password link: `setup` for a new account, `reset` for forgot-password."""
    if purpose == "setup":
        subject = "Set the password for your educator certification account"
        intro = f"Your username {username} was created."
    else:
        subject = "Reset the password for your educator certification account"
        intro = f"Someone asked to reset the password of the username {username}."
    return Mail(subject, (
        f"Hello,\n\n{intro} To choose your password, open this link within {hours} hours:\n\n"
        f"{link}\n\nThe link works once. If you did not ask for this, ignore this email.\n\n"
        f"{SIGNATURE}"
    ))


def account_created(username: str) -> Mail:
    return Mail("Your educator certification account", (
        f"Hello,\n\nYour username {username} was created. Sign in with it and your "
        "password, then request Educator Certification System access and link your "
        f"records.\n\nDo not create more than one username.\n\n{SIGNATURE}"
    ))


def login_code(username: str, code: str, minutes: int) -> Mail:
    return Mail("Your educator certification sign-in code", (
        f"Hello,\n\nYour one-time sign-in code for the username {username} is:\n\n"
        f"    {code}\n\nIt works once and expires in {minutes} minutes. Never share it. "
        f"If you did not ask for it, ignore this email.\n\n{SIGNATURE}"
    ))


def usernames_reminder(usernames: list[str]) -> Mail:
    names = "\n".join(f"    {name}" for name in usernames)
    return Mail("Your educator certification username", (
        f"Hello,\n\nThe usernames registered to this email address are:\n\n{names}\n\n"
        "Please keep using your existing username: do not create another one.\n\n"
        f"{SIGNATURE}"
    ))
