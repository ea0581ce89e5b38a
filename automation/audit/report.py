"""`report.html`: the page a compliance reviewer reads, rendered from a bundle's manifest.

The page is one self-contained file: screenshots are embedded as `data:` URLs, there is
no external URL of any kind, and it works without JavaScript (a thumbnail enlarges through
a CSS `:target` overlay). A Content-Security-Policy allows only the page's own style and
script, so text from the manifest can never load or run anything, even if mis-escaped.
The report is a view; the evidence is the bundle's files and their hashes.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

OUTCOME_WORDS = {
    "submitted": "{action} submitted",
    "dry_run_complete": "Dry run complete",
    "blocked": "Blocked",
    "failed": "Failed",
    "already_pending": "Already pending",
    "already_deactivated": "Already deactivated",
    "already_frozen": "Store already frozen",
    "exported": "Order history exported",
}
PARTIAL_WORDS = "Partial run (cut off)"
_FLOW_ACTION = {"deactivate": "Deactivation", "close-store": "Store closure", "export": "Export"}
# Tone of the outcome heading: the colour only repeats what the words say.
_TONES = {
    "submitted": "done",
    "already_pending": "done",
    "already_deactivated": "done",
    "already_frozen": "done",
    "exported": "done",
    "dry_run_complete": "caution",
    "blocked": "caution",
    "failed": "bad",
}
UNSIGNED_HINT = (
    "run <code>aliexit audit keygen</code> and set ALIEXIT_AUDIT_KEY_FILE to sign bundles"
)
VERIFY_LINE = "Check this bundle with: <code>aliexit audit verify &lt;run folder&gt;</code>"
EVIDENCE_NOTE = (
    "This report is a view of manifest.json; the evidence is the bundle's files and their hashes."
)
_IMAGE_TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}

_CSS = """
:root { --ink: #1d2329; --muted: #5b6570; --line: #d5dae0; --paper: #fff;
  --done: #17663a; --done-bg: #e6f4ea; --caution: #8a5300; --caution-bg: #fff4dc;
  --bad: #a4161a; --bad-bg: #fdecea; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f6f8; color: var(--ink); line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  "Noto Sans", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 40px; background: var(--paper); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  font-size: .92em; overflow-wrap: anywhere; }
h1 { margin: 0; font-size: 1.9rem; line-height: 1.2; }
h2 { font-size: 1.2rem; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid
  var(--line); }
h3 { margin: 0; font-size: 1.05rem; overflow-wrap: anywhere; }
.outcome { border: 2px solid; border-left-width: 10px; border-radius: 6px; padding: 14px 18px; }
.outcome p { margin: 6px 0 0; font-size: 1.05rem; }
.outcome .error { font-weight: 600; }
.tone-done { border-color: var(--done); background: var(--done-bg); }
.tone-done h1 { color: var(--done); }
.tone-caution { border-color: var(--caution); background: var(--caution-bg); }
.tone-caution h1 { color: var(--caution); }
.tone-bad { border-color: var(--bad); background: var(--bad-bg); }
.tone-bad h1 { color: var(--bad); }
.badges { list-style: none; display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0 0;
  padding: 0; }
.badge { border: 2px solid currentColor; border-radius: 4px; padding: 2px 8px;
  font-weight: 700; font-size: .85rem; letter-spacing: .02em; }
.badge-dry { color: var(--caution); } .badge-override { color: var(--bad); }
.badge-signed { color: var(--done); } .badge-unsigned { color: var(--caution); }
.badge-partial { color: var(--caution); }
.badge code, .badge span { font-weight: 400; letter-spacing: 0; }
table.facts { border-collapse: collapse; width: 100%; }
.facts th, .facts td { text-align: left; vertical-align: top; padding: 5px 10px;
  border-bottom: 1px solid var(--line); }
.facts th { width: 13em; color: var(--muted); font-weight: 600; }
.timeline { list-style: none; margin: 0; padding: 0; }
.step { display: grid; grid-template-columns: 250px 1fr; gap: 16px; padding: 14px 12px;
  border: 1px solid var(--line); border-left: 6px solid var(--done); border-radius: 6px;
  margin-bottom: 12px; }
.step.failed { border-left-color: var(--bad); background: var(--bad-bg); }
.step.other { border-left-color: var(--caution); }
.step-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; }
.status { font-weight: 700; font-size: .85rem; border: 2px solid currentColor;
  border-radius: 4px; padding: 0 6px; }
.status-ok { color: var(--done); } .status-failed { color: var(--bad); }
.status-other { color: var(--caution); }
.meta { color: var(--muted); font-size: .9rem; margin: 4px 0 0; }
.step-error { color: var(--bad); font-weight: 600; margin: 8px 0 0; }
.warn { color: var(--bad); font-size: .9rem; margin: 6px 0 0; }
.notes { display: grid; grid-template-columns: max-content 1fr; gap: 0 10px; margin: 8px 0 0;
  font-size: .85rem; }
.notes dt { color: var(--muted); } .notes dd { margin: 0; overflow-wrap: anywhere; }
.files { margin: 8px 0 0; font-size: .9rem; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.thumb { display: block; width: 250px; height: 180px; border: 1px solid var(--line);
  background: #eef1f4; }
.thumb img { display: block; width: 100%; height: 100%; object-fit: cover;
  object-position: top left; }
.no-shot { display: flex; align-items: center; justify-content: center; width: 250px;
  height: 180px; border: 2px dashed var(--muted); color: var(--muted); font-weight: 600;
  text-align: center; padding: 8px; }
.viewer-bar { display: none; }
footer { margin-top: 32px; padding-top: 12px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: .9rem; }
footer p { margin: 4px 0; }
@media screen {
  .viewer:target { position: fixed; inset: 0; z-index: 100; overflow: auto; padding: 56px 24px 24px;
    background: rgba(16, 20, 24, .94); }
  .viewer:target .thumb { width: auto; height: auto; border: 0; background: none;
    cursor: default; }
  .viewer:target .thumb img { width: auto; height: auto; max-width: 100%; margin: 0 auto;
    object-fit: contain; background: #fff; }
  .viewer:target .viewer-bar { display: flex; gap: 16px; align-items: center; position: fixed;
    top: 0; left: 0; right: 0; padding: 10px 24px; background: #101418; color: #fff; }
  .viewer-bar .close { margin-left: auto; color: #fff; font-weight: 700; border: 2px solid #fff;
    border-radius: 4px; padding: 2px 10px; text-decoration: none; }
}
@media (max-width: 640px) { .step { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 14mm; }
  body { background: #fff; font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .viewer-bar { display: none !important; }
  .step { grid-template-columns: 62mm 1fr; break-inside: avoid; page-break-inside: avoid; }
  .thumb, .no-shot { width: 62mm; height: 44mm; }
  .badge, .status, .outcome { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  a { color: inherit; }
  .files a::after { content: " (" attr(href) ")"; font-size: .85em; }
}
"""
# Optional: Escape closes an enlarged screenshot. Everything works without it.
_SCRIPT = """
document.addEventListener("keydown", function (event) {
  if (event.key === "Escape" && location.hash.indexOf("#full-") === 0) {
    location.hash = "#step-" + location.hash.slice(6);
  }
});
"""


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


_CSP = (
    f"default-src 'none'; img-src data:; style-src {_csp_hash(_CSS)}; "
    f"script-src {_csp_hash(_SCRIPT)}; base-uri 'none'; form-action 'none'"
)


def render_report(manifest: dict, bundle_dir: Path) -> str:
    """The whole report.html as a string (UTF-8), self-contained.

    Screenshots are read from `bundle_dir` and embedded; a missing or unreadable one is
    shown as "screenshot missing", never raised.
    """
    words, tone = outcome_words(manifest)
    steps = [step for step in (manifest.get("steps") or []) if isinstance(step, dict)]
    body = "\n".join(
        [
            _header(manifest, words, tone),
            _findings(manifest),
            '<h2 id="facts-title">Run facts</h2>',
            _facts(manifest, steps),
            '<h2 id="timeline-title">Timeline</h2>',
            _timeline(steps, Path(bundle_dir)),
            _footer(manifest),
        ]
    )
    title = f"{words} · aliexit audit {_text(manifest.get('run_id'))}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f"{body}\n</main>\n<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )


def outcome_words(manifest: dict) -> tuple[str, str]:
    """The outcome as the heading's words, and its tone (done, caution or bad)."""
    outcome = manifest.get("outcome")
    if outcome is None or manifest.get("partial"):
        return PARTIAL_WORDS, "caution"
    action = _FLOW_ACTION.get(str(manifest.get("flow")), "Request")
    template = OUTCOME_WORDS.get(outcome)
    if template is None:
        return str(outcome).replace("_", " ").capitalize(), "caution"
    return template.format(action=action), _TONES[outcome]


def _header(manifest: dict, words: str, tone: str) -> str:
    lines = [f'<header class="outcome tone-{tone}">', f'<h1 id="outcome">{_e(words)}</h1>']
    if manifest.get("result"):
        lines.append(f'<p id="outcome-result">{_e(manifest["result"])}</p>')
    if manifest.get("error") and manifest.get("error") != manifest.get("result"):
        lines.append(f'<p id="outcome-error" class="error">Error: {_e(manifest["error"])}</p>')
    lines.append(_badges(manifest))
    lines.append("</header>")
    return "\n".join(lines)


def _badges(manifest: dict) -> str:
    badges = []
    if manifest.get("dry_run"):
        badges.append(("dry", "DRY RUN"))
    overrides = [str(kind) for kind in (manifest.get("overrides") or [])]
    if overrides:
        badges.append(("override", f"OVERRIDE: <span>{_e(', '.join(overrides))}</span>"))
    if manifest.get("signed"):
        badges.append(("signed", "SIGNED"))
    else:
        badges.append(("unsigned", f"UNSIGNED — <span>{UNSIGNED_HINT}</span>"))
    if manifest.get("partial"):
        badges.append(("partial", "PARTIAL"))
    items = "".join(f'<li class="badge badge-{kind}">{label}</li>' for kind, label in badges)
    return f'<ul class="badges" aria-label="Badges">{items}</ul>'


def _findings(manifest: dict) -> str:
    """What the checks before the action found: blockers (overridden ones marked), warnings."""
    overridden = {str(kind) for kind in (manifest.get("overrides") or [])}
    sections = []
    for key, title in (("blockers", "Blockers"), ("warnings", "Warnings")):
        found = [f for f in (manifest.get(key) or []) if isinstance(f, dict)]
        if not found:
            continue
        items = "".join(
            f"<li>{_e(_text(f.get('text')))}"
            + (" <strong>(overridden)</strong>" if str(f.get("kind")) in overridden else "")
            + "</li>"
            for f in found
        )
        sections.append(f'<h2>{title}</h2>\n<ul aria-label="{title}">{items}</ul>')
    return "\n".join(sections)


def _facts(manifest: dict, steps: list[dict]) -> str:
    target = _text(manifest.get("target"))
    if manifest.get("target_kind"):
        target = f"{target} ({_text(manifest['target_kind'])})"
    finished = manifest.get("finished_at")
    rows = [
        ("Account", _e(_text(manifest.get("account")))),
        ("Target", _e(target)),
        ("Flow", _e(_text(manifest.get("flow")))),
        ("Tool version", _e(_text(manifest.get("tool_version")))),
        ("Browser", _e(_text(manifest.get("browser")))),
        ("Reason", _e(_text(manifest.get("reason")))),
        *_flow_facts(manifest),
        ("Run id", f"<code>{_e(_text(manifest.get('run_id')))}</code>"),
        ("Started", _time(manifest.get("started_at"))),
        ("Finished", _time(finished) if finished else "— (run did not finish)"),
        ("Total duration", _e(_total_duration(manifest, steps))),
        ("Exit code", _e(_text(manifest.get("exit_code")))),
    ]
    body = "".join(f'<tr><th scope="row">{name}</th><td>{value}</td></tr>' for name, value in rows)
    return f'<table class="facts" aria-labelledby="facts-title"><tbody>{body}</tbody></table>'


def _flow_facts(manifest: dict) -> list[tuple[str, str]]:
    """Rows only one flow has: the buyer's release option, the seller's store and letter."""
    rows = []
    if "release_account" in manifest:
        rows.append(("Release account", _e(_yes_no(manifest["release_account"]))))
    store = manifest.get("store")
    if isinstance(store, dict):
        what = f"{_text(store.get('name'))} ({_text(store.get('store_id'))})"
        rows.append(("Store", _e(f"{what}, {_text(store.get('status'))} when checked")))
    if manifest.get("statement_sha256"):
        letter = (
            f"{_text(manifest.get('statement_chars'))} characters "
            f"({_text(manifest.get('statement_source'))}), SHA-256 {manifest['statement_sha256']}"
        )
        rows.append(("Closing statement", _e(letter)))
    if manifest.get("contact_email"):
        rows.append(("Contact email", _e(_text(manifest["contact_email"]))))
    return rows


def _timeline(steps: list[dict], bundle_dir: Path) -> str:
    if not steps:
        return '<p class="meta">No step was recorded.</p>'
    items = "\n".join(_step(step, position, bundle_dir) for position, step in enumerate(steps, 1))
    return f'<ol class="timeline" aria-labelledby="timeline-title">\n{items}\n</ol>'


def _step(step: dict, position: int, bundle_dir: Path) -> str:
    index = step.get("index", position)
    anchor = int(index) if isinstance(index, int) else position
    name = _text(step.get("name"))
    status = str(step.get("status") or "unknown")
    kind = status if status in ("ok", "failed") else "other"
    label = {"ok": "✓ OK", "failed": "✗ FAILED"}.get(status, f"… {status.upper()}")
    number = f"{index:02d}" if isinstance(index, int) else _text(index)

    details = [
        '<div class="step-head">',
        f"<h3>{_e(number)} · {_e(name)}</h3>",
        f'<span class="status status-{kind}">{_e(label)}</span>',
        f"<span>{_e(_seconds(step.get('duration_ms')))}</span>",
        "</div>",
    ]
    meta = []
    if step.get("url"):
        meta.append(f"URL: <code>{_e(step['url'])}</code>")
    if step.get("started_at"):
        meta.append(f"Started {_time(step['started_at'])}")
    if meta:
        details.append(f'<p class="meta">{"<br>".join(meta)}</p>')
    if step.get("error"):
        details.append(f'<p class="step-error">Error: {_e(step["error"])}</p>')
    shot, warning = _screenshot(step, anchor, name, bundle_dir)
    if warning:
        details.append(f'<p class="warn">{_e(warning)}</p>')
    notes = step.get("notes")
    if isinstance(notes, dict) and notes:
        pairs = "".join(
            f"<dt>{_e(key)}:</dt><dd>{_e(_note(value))}</dd>" for key, value in notes.items()
        )
        details.append(f'<dl class="notes" aria-label="Notes">{pairs}</dl>')
    details.append(_files(step, bundle_dir))
    return (
        f'<li class="step {kind}" id="step-{anchor}">\n{shot}\n'
        f'<div class="step-body">{"".join(details)}</div>\n</li>'
    )


def _screenshot(step: dict, anchor: int, name: str, bundle_dir: Path) -> tuple[str, str | None]:
    """The thumbnail-and-overlay markup for a step, and a warning sentence if any."""
    relative = step.get("screenshot")
    if not relative:
        return '<div class="no-shot">no screenshot recorded</div>', None
    path = _inside(bundle_dir, relative)
    try:
        data = path.read_bytes() if path else None
    except OSError:
        data = None
    mime = next((m for magic, m in _IMAGE_TYPES.items() if data and data.startswith(magic)), None)
    if data is None or mime is None:
        return (
            f'<div class="no-shot">screenshot missing<br>({_e(relative)})</div>',
            None,
        )
    warning = None
    recorded = step.get("sha256")
    if recorded and hashlib.sha256(data).hexdigest() != str(recorded).lower():
        warning = (
            "This screenshot does not match the SHA-256 in manifest.json: run aliexit audit verify."
        )
    source = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
    alt = f"Screenshot of step {anchor}: {name}"
    markup = (
        f'<div class="viewer" id="full-{anchor}">'
        f'<div class="viewer-bar"><span>{_e(alt)}</span>'
        f'<a class="close" href="#step-{anchor}">Close ✕</a></div>'
        f'<a class="thumb" href="#full-{anchor}" title="Enlarge screenshot">'
        f'<img src="{source}" alt="{_e(alt)}"></a></div>'
    )
    return markup, warning


def _files(step: dict, bundle_dir: Path) -> str:
    links = []
    for key, label in (("aria", "Accessibility tree (text)"), ("html", "Page HTML at failure")):
        relative = step.get(key)
        if not relative:
            continue
        href = _relative_href(relative)
        path = _inside(bundle_dir, relative)
        missing = "" if path and path.is_file() else " (missing)"
        if href is None:
            links.append(f"<span>{label}: <code>{_e(relative)}</code>{missing}</span>")
        else:
            links.append(f'<a href="{_e(href)}">{label}</a>{_e(missing)}')
    if step.get("sha256"):
        digest = str(step["sha256"])
        links.append(f'<span title="{_e(digest)}">SHA-256 <code>{_e(digest[:16])}…</code></span>')
    return f'<p class="files">{"".join(links)}</p>' if links else ""


def _footer(manifest: dict) -> str:
    version = _e(_text(manifest.get("tool_version")))
    return (
        f"<footer><p>{VERIFY_LINE}</p><p>{_e(EVIDENCE_NOTE)}</p>"
        f"<p>Rendered by aliexit {version}.</p></footer>"
    )


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


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _text(value: Any) -> str:
    return "—" if value is None or value == "" else str(value)


def _yes_no(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "—") if isinstance(value, bool) else _text(value)


def _note(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def _parse_time(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _time(value: Any) -> str:
    """A timestamp for reading (seconds, UTC named), with the exact value kept in markup."""
    moment = _parse_time(value)
    if moment is None:
        return _e(_text(value))
    shown = moment.strftime("%Y-%m-%d %H:%M:%S")
    if moment.utcoffset() is not None:
        shown += " UTC" if moment.utcoffset().total_seconds() == 0 else moment.strftime(" %z")
    return f'<time datetime="{_e(value)}" title="{_e(value)}">{_e(shown)}</time>'


def _seconds(milliseconds: Any) -> str:
    if not isinstance(milliseconds, int | float):
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
