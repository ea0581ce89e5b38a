"""`report.html`: the page a compliance reviewer reads, rendered from a bundle's manifest.

The page is one self-contained file: screenshots are embedded as `data:` URLs, there is
no external URL of any kind, and it works without JavaScript (a thumbnail enlarges through
a CSS `:target` overlay). A Content-Security-Policy allows only the page's own style and
script, so text from the manifest can never load or run anything, even if mis-escaped.
The report is a view; the evidence is the bundle's files and their hashes.

The page is `templates/report.html.j2` (Jinja2, autoescaped) with `report.css` and
`report.js` inlined. It knows no flow: what a run did comes from the manifest as data:

  action     what the run does, in a reviewer's words ("Export"); the headline joins it
             to the outcome ("Export failed"), else the flow's name
  facts      an ordered `{label: text}` of the flow's own facts, shown after the generic ones
  effect     what the action does to the account; shown beside the outcome, in the words of
             `facts["Effect"]` when there are some
  blockers, warnings   lists of `{kind, text}`; overrides: the kinds a person overrode
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

TEMPLATE = "report.html.j2"
# The headline for each outcome every flow shares; any other reads "<Action>: <outcome>".
HEADLINES = {
    "submitted": "{action} submitted",
    "dry_run_complete": "{action}: dry run complete",
    "blocked": "{action} blocked",
    "failed": "{action} failed",
    "already_pending": "{action} already pending",
}
PARTIAL_HEADLINE = "{action}: partial run (cut off)"
EFFECT_DONE = "Effect"  # the run did it
EFFECT_INTENDED = "Intended effect"  # a dry run, a blocked or failed run: what it was for
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
_STEP_FILES = (("aria", "Accessibility tree (text)"), ("html", "Page HTML at failure"))


@dataclass(frozen=True)
class _Assets:
    """The template, and the stylesheet and script it inlines, with the page's CSP."""

    environment: Environment
    css: str
    script: str
    csp: str


@cache
def _assets() -> _Assets:
    environment = Environment(
        loader=PackageLoader("automation.audit", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    css = _asset(environment, "report.css", "</style")
    script = _asset(environment, "report.js", "</script")
    csp = (
        f"default-src 'none'; img-src data:; style-src {_csp_hash(css)}; "
        f"script-src {_csp_hash(script)}; base-uri 'none'; form-action 'none'"
    )
    return _Assets(environment, css, script, csp)


def _asset(environment: Environment, name: str, closing_tag: str) -> str:
    """A file beside the template, as it will be inlined (it must not close its element)."""
    assert environment.loader is not None
    text, _filename, _uptodate = environment.loader.get_source(environment, name)
    if closing_tag in text.lower():
        raise ValueError(f"templates/{name} contains {closing_tag}, which would end it early")
    return text


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy() -> str:
    """The report's CSP: nothing but its own inlined style, script and `data:` images."""
    return _assets().csp


def render_report(manifest: dict, bundle_dir: Path) -> str:
    """The whole report.html as a string (UTF-8), self-contained.

    Screenshots are read from `bundle_dir` and embedded; a missing or unreadable one is
    shown as "screenshot missing", never raised.
    """
    assets = _assets()
    headline, tone = outcome_words(manifest)
    steps = [step for step in (manifest.get("steps") or []) if isinstance(step, dict)]
    page = assets.environment.get_template(TEMPLATE).render(
        csp=assets.csp,
        css=Markup(assets.css),  # our own file; escaping would change what the CSP hashed
        script=Markup(assets.script),
        title=f"{headline} · aliexit audit {_text(manifest.get('run_id'))}",
        headline=headline,
        tone=tone,
        effect=_effect(manifest),
        result=manifest.get("result") or None,
        error=(
            manifest["error"]
            if manifest.get("error") and manifest.get("error") != manifest.get("result")
            else None
        ),
        dry_run=bool(manifest.get("dry_run")),
        overrides=[str(kind) for kind in (manifest.get("overrides") or [])],
        signed=bool(manifest.get("signed")),
        partial=bool(manifest.get("partial")),
        findings=_findings(manifest),
        facts=_facts(manifest, steps),
        steps=[_step(step, position, Path(bundle_dir)) for position, step in enumerate(steps, 1)],
        tool_version=_text(manifest.get("tool_version")),
    )
    return page


def action_words(manifest: dict) -> str:
    """What the run does, capitalised: the manifest's `action`, else its flow's name."""
    for key in ("action", "flow"):
        value = manifest.get(key)
        if isinstance(value, str) and value.strip():
            text = value.strip()
            return text[0].upper() + text[1:]
    return "Run"


def outcome_words(manifest: dict) -> tuple[str, str]:
    """The heading's words (the action and its outcome), and its tone: done, caution or bad."""
    action = action_words(manifest)
    outcome = manifest.get("outcome")
    if outcome is None or manifest.get("partial"):
        return PARTIAL_HEADLINE.format(action=action), "caution"
    outcome = str(outcome)
    template = HEADLINES.get(outcome, "{action}: " + outcome.replace("_", " "))
    return template.format(action=action), _tone(outcome, manifest.get("exit_code"))


def _tone(outcome: str, exit_code: Any) -> str:
    """The colour of the outcome; it only repeats what the words say."""
    if outcome == "failed":
        return "bad"
    if outcome in ("blocked", "dry_run_complete"):
        return "caution"
    if outcome == "submitted" or outcome.startswith("already_") or exit_code == 0:
        return "done"
    return "caution" if exit_code is None else "bad"


def _effect(manifest: dict) -> dict[str, str] | None:
    """The effect line beside the outcome: the flow's own words for it, else its name."""
    facts = manifest.get("facts")
    worded = facts.get("Effect") if isinstance(facts, Mapping) else None
    text = _fact_text(worded) if worded not in (None, "") else None
    if text is None and manifest.get("effect") not in (None, ""):
        text = _fact_text(manifest["effect"])
    if text is None:
        return None
    done = manifest.get("outcome") == "submitted" and not manifest.get("partial")
    return {"label": EFFECT_DONE if done else EFFECT_INTENDED, "text": text}


def _findings(manifest: dict) -> list[dict[str, Any]]:
    """What the checks before the action found: blockers (overridden ones marked), warnings."""
    overridden = {str(kind) for kind in (manifest.get("overrides") or [])}
    sections = []
    for key, title in (("blockers", "Blockers"), ("warnings", "Warnings")):
        found = [f for f in (manifest.get(key) or []) if isinstance(f, dict)]
        if found:
            items = [
                {"text": _text(f.get("text")), "overridden": str(f.get("kind")) in overridden}
                for f in found
            ]
            sections.append({"title": title, "entries": items})
    return sections


def _facts(manifest: dict, steps: list[dict]) -> list[dict[str, Any]]:
    """The rows of the facts table: those of every run, then the flow's own `facts`."""
    target = _text(manifest.get("target"))
    if manifest.get("target_kind"):
        target = f"{target} ({_text(manifest['target_kind'])})"
    finished = manifest.get("finished_at")
    rows = [
        _row("Account", _text(manifest.get("account"))),
        _row("Target", target),
        _row("Flow", _text(manifest.get("flow"))),
        _row("Tool version", _text(manifest.get("tool_version"))),
        _row("Browser", _text(manifest.get("browser"))),
        _row("Reason", _text(manifest.get("reason"))),
        _row("Run id", _text(manifest.get("run_id")), kind="code"),
        {"label": "Started", "kind": "time", "time": _time(manifest.get("started_at"))},
        (
            {"label": "Finished", "kind": "time", "time": _time(finished)}
            if finished
            else _row("Finished", "— (run did not finish)")
        ),
        _row("Total duration", _total_duration(manifest, steps)),
        _row("Exit code", _text(manifest.get("exit_code"))),
    ]
    facts = manifest.get("facts")
    if isinstance(facts, Mapping):
        rows += [_row(str(label), _fact_text(text)) for label, text in facts.items()]
    return rows


def _row(label: str, text: str, *, kind: str = "text") -> dict[str, Any]:
    return {"label": label, "kind": kind, "text": text}


def _fact_text(value: Any) -> str:
    """A fact as words: text as given, yes/no for booleans, JSON for anything else."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None or value == "":
        return "—"
    return value if isinstance(value, str) else _note(value)


def _step(step: dict, position: int, bundle_dir: Path) -> dict[str, Any]:
    index = step.get("index", position)
    anchor = int(index) if isinstance(index, int) else position
    name = _text(step.get("name"))
    status = str(step.get("status") or "unknown")
    kind = status if status in ("ok", "failed") else "other"
    view: dict[str, Any] = {
        "anchor": anchor,
        "name": name,
        "kind": kind,
        "label": {"ok": "✓ OK", "failed": "✗ FAILED"}.get(status, f"… {status.upper()}"),
        "number": f"{index:02d}" if isinstance(index, int) else _text(index),
        "duration": _seconds(step.get("duration_ms")),
        "url": step.get("url") or None,
        "started": _time(step["started_at"]) if step.get("started_at") else None,
        "error": step.get("error") or None,
        "shot": None,
        "missing": None,
        "warning": None,
        "notes": [],
        "files": _files(step, bundle_dir),
        "sha256": str(step["sha256"]) if step.get("sha256") else None,
    }
    view.update(_screenshot(step, anchor, name, bundle_dir))
    notes = step.get("notes")
    if isinstance(notes, dict):
        view["notes"] = [(str(key), _note(value)) for key, value in notes.items()]
    return view


def _screenshot(step: dict, anchor: int, name: str, bundle_dir: Path) -> dict[str, Any]:
    """The step's embedded screenshot, or what is missing, and a warning if it was changed."""
    relative = step.get("screenshot")
    if not relative:
        return {}
    path = _inside(bundle_dir, relative)
    try:
        data = path.read_bytes() if path else None
    except OSError:
        data = None
    mime = next((m for magic, m in _IMAGE_TYPES.items() if data and data.startswith(magic)), None)
    if data is None or mime is None:
        return {"missing": str(relative)}
    view: dict[str, Any] = {
        "shot": {
            "src": f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}",
            "alt": f"Screenshot of step {anchor}: {name}",
        }
    }
    recorded = step.get("sha256")
    if recorded and hashlib.sha256(data).hexdigest() != str(recorded).lower():
        view["warning"] = (
            "This screenshot does not match the SHA-256 in manifest.json: run aliexit audit verify."
        )
    return view


def _files(step: dict, bundle_dir: Path) -> list[dict[str, Any]]:
    """Links to the step's text files (relative, so they open beside the report)."""
    links = []
    for key, label in _STEP_FILES:
        relative = step.get(key)
        if not relative:
            continue
        path = _inside(bundle_dir, relative)
        links.append(
            {
                "label": label,
                "path": str(relative),
                "href": _relative_href(relative),
                "missing": "" if path and path.is_file() else " (missing)",
            }
        )
    return links


def _inside(bundle_dir: Path, relative: Any) -> Path | None:
    """`bundle_dir / relative` if it stays inside the bundle, else None."""
    try:
        root = bundle_dir.resolve()
        path = (root / str(relative)).resolve()
    except (OSError, ValueError):
        return None
    return path if path.is_relative_to(root) else None


def _relative_href(relative: Any) -> str | None:
    """A URL-quoted relative link to a bundle file; None for anything absolute or escaping."""
    posix = PurePosixPath(str(relative).replace("\\", "/"))
    if posix.is_absolute() or ".." in posix.parts or ":" in str(relative):
        return None
    return quote(posix.as_posix(), safe="/")


def _text(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def _note(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _time(value: Any) -> dict[str, str | None]:
    """A timestamp for reading (seconds, UTC named), with the exact value kept in markup."""
    moment = _parse_time(value)
    if moment is None:
        return {"exact": None, "shown": _text(value)}
    shown = moment.strftime("%Y-%m-%d %H:%M:%S")
    offset = moment.utcoffset()
    if offset is not None:
        shown += " UTC" if offset.total_seconds() == 0 else moment.strftime(" %z")
    return {"exact": str(value), "shown": shown}


def _seconds(milliseconds: Any) -> str:
    if not isinstance(milliseconds, int | float) or isinstance(milliseconds, bool):
        return "—"
    seconds = milliseconds / 1000
    if seconds < 60:
        return f"{seconds:.2f} s"
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes)} min {rest:.1f} s"


def _total_duration(manifest: dict, steps: list[dict]) -> str:
    start = _parse_time(manifest.get("started_at"))
    end = _parse_time(manifest.get("finished_at")) if manifest.get("finished_at") else None
    if start and end:
        try:
            return _seconds((end - start).total_seconds() * 1000)
        except TypeError:  # one naive, one aware
            pass
    recorded = [s["duration_ms"] for s in steps if isinstance(s.get("duration_ms"), int | float)]
    if recorded:
        return f"at least {_seconds(sum(recorded))} (sum of recorded steps)"
    return "—"
