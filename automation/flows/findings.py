"""What the checks before an irreversible step found, and what that means for the run.

Every flow that submits something has its blocker kinds (a name and what it means); a
blocker stops a real run unless the person overrides its kind with --ignore-blocker, and a
dry run reports it at its end. Warnings are recorded and logged, and never stop a run.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from automation.audit.recorder import Recorder
from automation.config import Settings
from automation.errors import BlockedError, UsageError
from automation.flows.context import RunOptions, Submitting
from automation.flows.safety import confirm_live_run


@dataclass(frozen=True)
class Finding:
    """One thing a person must act on (a blocker) or should know (a warning)."""

    kind: str
    text: str


@dataclass
class Findings:
    """What the checks before the irreversible step found."""

    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)

    def blocking(self, ignored: Collection[str]) -> list[Finding]:
        """Blockers that no --ignore-blocker overrides."""
        return [b for b in self.blockers if b.kind not in ignored]

    def overridden(self, ignored: Collection[str]) -> list[str]:
        """Blocker kinds found and deliberately overridden."""
        return sorted({b.kind for b in self.blockers if b.kind in ignored})

    def evidence(self) -> dict[str, list[dict[str, str]]]:
        """What the manifest records."""
        return {
            "blockers": [asdict(b) for b in self.blockers],
            "warnings": [asdict(w) for w in self.warnings],
        }

    def settle(self, recorder: Recorder, submit: Submitting, stopped: str) -> list[Finding]:
        """Record the findings and the overrides, log the warnings, and stop a real run
        (`BlockedError`, exit 3; `stopped` leads the sentence, "Not deactivated") on the
        blockers no override lifts; returns those, which a dry run reports at its end."""
        ignored = set(submit.ignore_blockers)
        recorder.update(**self.evidence())
        overridden = self.overridden(ignored)
        if overridden:
            recorder.update(overrides=overridden)
            recorder.log.warning("blockers overridden", kinds=overridden)
        for warning in self.warnings:
            recorder.log.warning("warning", kind=warning.kind, text=warning.text)
        blocking = self.blocking(ignored)
        if blocking and not submit.dry_run:
            raise BlockedError(blocked_sentence(blocking, dry_run=False, stopped=stopped))
        return blocking


def check_submitting(
    submit: Submitting,
    settings: Settings,
    options: RunOptions,
    kinds: Mapping[str, str],
    action: str,
) -> dict[str, Any]:
    """Before any browser starts: the --ignore-blocker names are among `kinds` (a
    `UsageError` listing them otherwise), and a live run has the person's consent to what
    it `action`s ("deactivates"); returns what to record about that consent."""
    unknown = [k for k in submit.ignore_blockers if k not in kinds]
    if unknown:
        valid = ", ".join(f"{k} ({v})" for k, v in kinds.items())
        raise UsageError(f"Unknown --ignore-blocker {', '.join(unknown)}; use one of: {valid}.")
    consent = confirm_live_run(
        settings,
        options.base_url,
        live=options.live,
        dry_run=submit.dry_run,
        yes=submit.yes,
        action=action,
    )
    return consent or {}


def plural(count: int, one: str, many: str) -> str:
    """`count` with the noun that agrees with it: "1 thing", "6 things"."""
    return f"{count} {one if count == 1 else many}"


def blocked_sentence(
    blocking: list[Finding], dry_run: bool, stopped: str = "Not deactivated"
) -> str:
    """One sentence a person can act on, listing every blocker (`stopped` leads a real run's)."""
    kinds = sorted({b.kind for b in blocking})
    lead = "Dry run complete, but a real run would stop here" if dry_run else stopped
    return (
        f"{lead}: {plural(len(blocking), 'thing', 'things')} must be resolved first: "
        + "; ".join(b.text for b in blocking)
        + ". Resolve them on the site, or rerun with "
        + " ".join(f"--ignore-blocker {k}" for k in kinds)
        + " to override deliberately."
    )
