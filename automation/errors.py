"""Exit codes and the exception type that carries each one.

Every failure the user can act on is raised as an `AliexitError` subclass whose
message is one plain sentence saying what happened and what to do. The CLI maps
them to exit codes in one place (`automation.cli`).
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The documented exit codes of every `aliexit` command."""

    OK = 0
    INTERNAL = 1
    USAGE = 2
    BLOCKED = 3
    LOGIN_FAILED = 4
    SITE_UNEXPECTED = 5
    HUMAN_VERIFICATION = 6
    INTERRUPTED = 130  # Ctrl-C (128 + SIGINT, as shells report it)


class AliexitError(Exception):
    """A failure with a sentence for the user and an exit code."""

    exit_code: ExitCode = ExitCode.INTERNAL

    def __init__(self, sentence: str) -> None:
        super().__init__(sentence)
        self.sentence = sentence


class UsageError(AliexitError):
    """Bad flags, settings or input (exit 2)."""

    exit_code = ExitCode.USAGE


class BlockedError(AliexitError):
    """A pre-deactivation check found something that must be resolved first (exit 3)."""

    exit_code = ExitCode.BLOCKED


class LoginFailed(AliexitError):
    """The site refused the credentials (exit 4)."""

    exit_code = ExitCode.LOGIN_FAILED


class SiteUnexpected(AliexitError):
    """The site was unreachable or did not look as expected (exit 5)."""

    exit_code = ExitCode.SITE_UNEXPECTED


class HumanVerificationRequired(AliexitError):
    """A captcha, slider or one-time code needs a person (exit 6)."""

    exit_code = ExitCode.HUMAN_VERIFICATION


def first_line(exc: BaseException) -> str:
    """The first line of an exception's message (its type's name when it has none)."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
