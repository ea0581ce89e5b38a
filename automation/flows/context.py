"""What a run is given and gives back: the shared options, a flow's typed request, the
context a flow's steps work with, and the results.

A flow declares its request (the choices of its command, typed) and how it is checked
against the settings before any browser starts (`Check`); the steps then read the checked
request as `run.request`. Nothing else carries a flow's own choices.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from playwright.async_api import BrowserContext, Page

from automation.audit.recorder import Recorder
from automation.config import DEFAULT_HUMAN_TIMEOUT_S, Settings
from automation.errors import ExitCode
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary
from automation.retrying import RetryPolicy


@dataclass(frozen=True)
class RunOptions:
    """The command-line choices every flow shares: the target, the browser, the evidence."""

    flow: str
    base_url: str | None = None
    live: bool = False
    headed: bool = False
    audit_dir: str | None = None
    env_file: Path | None = None
    key_file: Path | None = None
    trace: bool = False
    video: bool = False
    locale: str | None = None  # --locale: the browser's locale and the words to start with
    session: Path | None = None  # --session: a saved storage state to start from
    human_timeout: str | None = None  # --human-timeout as typed; checked by run_flow
    words_file: Path | None = None  # --words: more wordings for the site's concepts
    # aliexit login: without credentials a person signs in, in a window run_flow then opens.
    credentials_optional: bool = False


class FlowRequest(Protocol):
    """A flow's own choices, as the command line gave them."""

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of them from the start (no secret)."""
        ...


@dataclass(frozen=True)
class Submitting:
    """The choices of every flow that submits something irreversible."""

    dry_run: bool = False
    yes: bool = False  # --yes: a live run without the typed consent
    ignore_blockers: tuple[str, ...] = ()  # --ignore-blocker KIND, as given

    def evidence(self) -> dict[str, Any]:
        """The manifest's `dry_run` and `ignore_blockers`."""
        return {"dry_run": self.dry_run, "ignore_blockers": list(self.ignore_blockers)}


R = TypeVar("R", bound=FlowRequest)
V = TypeVar("V")


@dataclass(frozen=True)
class Checked(Generic[V]):
    """A request checked against the settings, and what the manifest records of the check."""

    request: V
    evidence: Mapping[str, Any] = field(default_factory=dict)


Check = Callable[[R, Settings], Checked[V]]


def unchecked(request: R, _settings: Settings) -> Checked[R]:
    """The check of a request that needs none."""
    return Checked(request)


@dataclass(frozen=True)
class FlowResult:
    """How a flow body ended when it did not raise."""

    outcome: str
    sentence: str


@dataclass(frozen=True)
class RunResult:
    """What the CLI reports: exit code, outcome, one sentence, and the bundle's folder."""

    exit_code: ExitCode
    outcome: str
    sentence: str
    bundle: Path


@dataclass(frozen=True)
class FlowContext(Generic[V]):
    """What a flow's steps work with; `request` is the flow's checked request."""

    context: BrowserContext
    settings: Settings
    base_url: str
    options: RunOptions
    request: V
    recorder: Recorder
    on_signed_in: Callable[[Page], Awaitable[None]] | None = None
    human_timeout_s: float = DEFAULT_HUMAN_TIMEOUT_S
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    vocabulary: Vocabulary = DEFAULT_VOCABULARY

    async def signed_in(self, page: Page) -> None:
        """Tell the run that sign-in is done: a trace or video, if asked for, starts here."""
        if self.on_signed_in is not None:
            await self.on_signed_in(page)


FlowSteps = Callable[[FlowContext[V]], Awaitable[FlowResult]]
