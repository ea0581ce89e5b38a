"""report.html, opened in a real Chromium from a synthetic bundle: what a reviewer sees.

The manifests follow the contract between flows and report: `action` names what the run
does, `facts` holds the flow's own facts in order, `effect` (worded by `facts["Effect"]`)
says what it does to the account. The report itself knows no flow.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.async_api import Locator, Page, expect

import automation.audit
from automation.audit.report import content_security_policy, outcome_words, render_report

COLOURS = ["#3b82f6", "#22c55e", "#f59e0b", "#ef4444", "#a855f7", "#14b8a6", "#64748b"]
NAMES = [
    "open-site",
    "login",
    "my-aliexpress",
    "edit-member-profile",
    "deactivate-form",
    "form-filled",
    "stop-before-submit",
]


DEACTIVATION_FACTS = {
    "Path": "member profile",
    "Effect": "deactivation: reversible, the account's data is kept",
    "Release account": "no",
}
DELETION_FACTS = {
    "Path": "privacy portal",
    "Effect": "deletion: final, the account's data is not kept",
    "Release account": "no",
}
STORE_FACTS = {
    "Store": '"Maple Street Crafts" (2351106), open when checked',
    "Closing statement": "63 characters (--statement-file), SHA-256 " + "5e" * 32,
    "Contact email": "d***@example.com",
}
GENERIC_FACTS = ["Account", "Target", "Flow", "Tool version", "Browser", "Reason", "Run id",
                 "Started", "Finished", "Total duration", "Exit code"]  # fmt: skip


def _fact(page: Page, name: str) -> Locator:
    """The row of the run facts table whose header is `name`."""
    header = page.get_by_role("rowheader", name=name, exact=True)
    return page.get_by_role("row").filter(has=header)


def _bundle(tmp_path: Path) -> dict[str, Any]:
    """Screenshots (one colour per step) and a dry-run manifest describing them."""
    shots = tmp_path / "screenshots"
    shots.mkdir()
    steps = []
    for index, (name, colour) in enumerate(zip(NAMES, COLOURS, strict=True), 1):
        relative = f"screenshots/{index:02d}-{name}.png"
        picture = Image.new("RGB", (1280, 1800), colour)
        draw = ImageDraw.Draw(picture)
        draw.rectangle((0, 0, 1280, 120), fill="white")
        draw.text((40, 30), f"step {index}: {name}", fill="black", font_size=48)
        picture.save(tmp_path / relative)
        (tmp_path / f"screenshots/{index:02d}-{name}.aria.txt").write_text("- main\n")
        steps.append(
            {
                "index": index,
                "name": name,
                "started_at": f"2025-06-01T10:00:{index:02d}+00:00",
                "finished_at": f"2025-06-01T10:00:{index:02d}.420000+00:00",
                "duration_ms": 420,
                "url": f"http://127.0.0.1:5000/{name}",
                "status": "ok",
                "screenshot": relative,
                "sha256": None,
                "aria": f"screenshots/{index:02d}-{name}.aria.txt",
                "html": None,
                "error": None,
                "notes": {"buttons": 2} if name == "deactivate-form" else {},
            }
        )
    return {
        "run_id": "20250601T100000Z-deactivate-ab12",
        "tool_version": "0.1.0",
        "flow": "deactivate",
        "target": "http://127.0.0.1:5000",
        "target_kind": "embedded mock site",
        "dry_run": True,
        "account": "d***@example.com",
        "browser": "Chromium 131",
        "reason": "Moving away",
        "action": "Deactivation",
        "path": "member-profile",
        "effect": "deactivation",
        "facts": DEACTIVATION_FACTS,
        "overrides": [],
        "started_at": "2025-06-01T10:00:00+00:00",
        "finished_at": "2025-06-01T10:00:09.500000+00:00",
        "outcome": "dry_run_complete",
        "exit_code": 0,
        "result": "Dry run: the form was filled and not submitted.",
        "error": None,
        "signed": False,
        "partial": False,
        "steps": steps,
    }


async def _open(page: Page, manifest: dict[str, Any], bundle: Path) -> list[str]:
    """Render, write and open the report; return the requests for anything but itself."""
    report = bundle / "report.html"
    others: list[str] = []

    def seen(url: str) -> None:
        if url.split("#")[0] != report.as_uri() and not url.startswith("data:"):
            others.append(url)

    page.on("request", lambda request: seen(request.url))
    report.write_text(render_report(manifest, bundle), encoding="utf-8")
    await page.goto(report.as_uri())
    return others


async def test_dry_run_report(page: Page, tmp_path: Path) -> None:
    manifest = _bundle(tmp_path)
    requests = await _open(page, manifest, tmp_path)

    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deactivation: dry run complete"
    )
    await expect(page.locator("#outcome-effect")).to_have_text(
        "Intended effect deactivation: reversible, the account's data is kept"
    )
    await expect(page.get_by_text(manifest["result"])).to_be_visible()
    await expect(page.get_by_text("DRY RUN", exact=True)).to_be_visible()
    await expect(page.get_by_text("UNSIGNED — run aliexit audit keygen")).to_be_visible()
    await expect(page.get_by_text("d***@example.com")).to_be_visible()
    await expect(page.get_by_text("9.50 s")).to_be_visible()
    # The generic facts, then the flow's own, in the order the flow gave them.
    headers = page.get_by_role("table").get_by_role("rowheader")
    await expect(headers).to_have_text([*GENERIC_FACTS, *DEACTIVATION_FACTS])
    await expect(_fact(page, "Release account")).to_contain_text("no")
    # The stylesheet applied (its hash is in the CSP): the outcome box has its thick edge.
    outcome = page.locator("header.outcome")
    assert await outcome.evaluate("e => getComputedStyle(e).borderLeftWidth") == "10px"

    timeline = page.get_by_role("list", name="Timeline")
    await expect(timeline.get_by_role("listitem")).to_have_count(len(NAMES))
    for name in NAMES:
        await expect(timeline.get_by_role("heading", name=name)).to_be_visible()
    await expect(timeline.get_by_text("0.42 s")).to_have_count(len(NAMES))
    await expect(timeline.get_by_text("buttons:")).to_be_visible()
    aria = timeline.get_by_role("link", name="Accessibility tree (text)").first
    assert await aria.get_attribute("href") == "screenshots/01-open-site.aria.txt"
    await page.screenshot(path="/tmp/report-preview.png", full_page=True)

    # A thumbnail enlarges to the full screenshot, and Close puts it back.
    shot = page.get_by_role("img", name="Screenshot of step 3: my-aliexpress")
    close = page.get_by_role("link", name="Close")
    await expect(close).to_have_count(0)
    thumb_width = (await shot.bounding_box())["width"]
    await shot.click()
    await expect(close).to_be_visible()
    await expect(shot).to_be_in_viewport()
    assert (await shot.bounding_box())["width"] > 3 * thumb_width
    assert await shot.evaluate("img => img.naturalWidth") == 1280
    await page.screenshot(path="/tmp/report-zoom.png")
    await close.click()
    await expect(close).to_have_count(0)
    assert (await shot.bounding_box())["width"] == pytest.approx(thumb_width)

    # Printing never shows the overlay, even when a screenshot was enlarged.
    await shot.click()
    await expect(close).to_be_visible()
    await page.emulate_media(media="print")
    await expect(close).to_be_hidden()
    assert (await shot.bounding_box())["width"] < 300

    assert requests == []


async def test_failed_run_with_hostile_text_and_missing_screenshot(
    page: Page, tmp_path: Path
) -> None:
    manifest = _bundle(tmp_path)
    failed = manifest["steps"][4]
    hostile = 'The button "<script>alert(1)</script>" was not found.'
    failed.update(status="failed", error=hostile, html="screenshots/05-deactivate-form-failed.html")
    (tmp_path / failed["html"]).write_text("<html></html>")
    (tmp_path / manifest["steps"][1]["screenshot"]).unlink()
    manifest.update(
        dry_run=False,
        outcome="failed",
        exit_code=1,
        result=None,
        error="<script>alert(1)</script> deletion failed",
        signed=True,
        overrides=["captcha"],
        action="Deletion",
        path="privacy-portal",
        effect="deletion",
        facts={**DELETION_FACTS, "<b>Label</b>": "<img src=x onerror=alert(2)>"},
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    requests = await _open(page, manifest, tmp_path)

    await expect(page.get_by_role("heading", level=1)).to_have_text("Deletion failed")
    await expect(page.locator("#outcome-effect")).to_have_text(
        "Intended effect deletion: final, the account's data is not kept"
    )
    await expect(
        page.get_by_text("Error: <script>alert(1)</script> deletion failed")
    ).to_be_visible()
    await expect(_fact(page, "<b>Label</b>")).to_contain_text("<img src=x onerror=alert(2)>")
    await expect(page.get_by_text("OVERRIDE: captcha")).to_be_visible()
    await expect(page.get_by_text("SIGNED", exact=True)).to_be_visible()
    step = page.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="deactivate-form")
    )
    await expect(step.get_by_text("FAILED")).to_be_visible()
    await expect(step.get_by_text(f"Error: {hostile}")).to_be_visible()
    link = step.get_by_role("link", name="Page HTML at failure")
    assert await link.get_attribute("href") == failed["html"]
    missing = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="login"))
    await expect(missing.get_by_text("screenshot missing")).to_be_visible()
    await expect(page.get_by_role("img")).to_have_count(len(NAMES) - 1)
    assert dialogs == []
    assert requests == []


async def test_partial_run(page: Page, tmp_path: Path) -> None:
    manifest = _bundle(tmp_path)
    manifest = copy.deepcopy(manifest)
    manifest["steps"] = manifest["steps"][:3]
    manifest["steps"][-1].update(status="running", finished_at=None, duration_ms=None)
    manifest.update(outcome=None, partial=True, finished_at=None, exit_code=None, result=None)
    await _open(page, manifest, tmp_path)

    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deactivation: partial run (cut off)"
    )
    await expect(page.get_by_text("PARTIAL", exact=True)).to_be_visible()
    await expect(page.get_by_text("did not finish")).to_be_visible()
    await expect(page.get_by_role("list", name="Timeline").get_by_role("listitem")).to_have_count(3)


def test_render_is_plain_and_never_raises_on_odd_input(tmp_path: Path) -> None:
    manifest = {
        "outcome": "submitted",
        "flow": "deactivate",
        "action": "Deactivation",
        "facts": "not a mapping",
        "effect": {"odd": 1},
        "steps": [
            {"index": 1, "name": "x", "status": "ok", "screenshot": "../../etc/passwd"},
            {"index": 2, "name": "y", "status": "ok", "screenshot": "screenshots/nope.png"},
        ],
    }
    page = render_report(manifest, tmp_path)
    assert "<h1" in page and "Deactivation submitted" in page
    assert page.count("screenshot missing") == 2
    assert "http://" not in page.split("<main>")[0] and "https://" not in page
    assert "Check this bundle with: <code>aliexit audit verify &lt;run folder&gt;</code>" in page


async def test_store_closure_facts_follow_the_generic_ones_in_order(
    page: Page, tmp_path: Path
) -> None:
    manifest = _bundle(tmp_path)
    manifest.update(
        flow="close-store", action="Store closure", facts=STORE_FACTS, outcome="submitted"
    )
    for key in ("path", "effect"):
        del manifest[key]
    await _open(page, manifest, tmp_path)

    await expect(page.get_by_role("heading", level=1)).to_have_text("Store closure submitted")
    await expect(page.locator("#outcome-effect")).to_have_count(0)
    headers = page.get_by_role("table").get_by_role("rowheader")
    await expect(headers).to_have_text([*GENERIC_FACTS, *STORE_FACTS])
    for label, text in STORE_FACTS.items():
        await expect(_fact(page, label).get_by_role("cell")).to_have_text(text)
    await expect(_fact(page, "Release account")).to_have_count(0)


async def test_a_submitted_deletion_says_its_effect_beside_the_outcome(
    page: Page, tmp_path: Path
) -> None:
    manifest = _bundle(tmp_path)
    manifest.update(
        action="Deletion", effect="deletion", facts=DELETION_FACTS, outcome="submitted",
        dry_run=False,
    )  # fmt: skip
    await _open(page, manifest, tmp_path)

    heading = page.get_by_role("heading", level=1)
    await expect(heading).to_have_text("Deletion submitted")
    effect = page.locator("#outcome-effect")
    await expect(effect).to_have_text("Effect deletion: final, the account's data is not kept")
    await expect(effect).to_be_in_viewport()
    # Right under the outcome line, not somewhere down the facts.
    assert (await effect.bounding_box())["y"] - (await heading.bounding_box())["y"] < 80


@pytest.mark.parametrize(
    ("fields", "headline", "tone"),
    [
        ({"action": "Deactivation", "outcome": "submitted"}, "Deactivation submitted", "done"),
        ({"action": "Store closure", "outcome": "dry_run_complete"},
         "Store closure: dry run complete", "caution"),
        ({"action": "Deletion", "outcome": "blocked", "exit_code": 3}, "Deletion blocked",
         "caution"),
        ({"action": "Export", "outcome": "failed", "exit_code": 5}, "Export failed", "bad"),
        ({"action": "Deletion", "outcome": "already_pending"}, "Deletion already pending",
         "done"),
        ({"action": "Store closure", "outcome": "already_frozen", "exit_code": 0},
         "Store closure: already frozen", "done"),
        ({"action": "Sign-in", "outcome": "session_saved", "exit_code": 0},
         "Sign-in: session saved", "done"),
        ({"flow": "close-store", "outcome": "blocked"}, "Close-store blocked", "caution"),
        ({"action": "", "flow": "export", "outcome": "failed"}, "Export failed", "bad"),
        ({"outcome": "failed"}, "Run failed", "bad"),
        ({"action": "Deletion", "outcome": None, "partial": True},
         "Deletion: partial run (cut off)", "caution"),
    ],
)  # fmt: skip
def test_headline_joins_the_action_to_the_outcome(
    fields: dict[str, Any], headline: str, tone: str
) -> None:
    assert outcome_words(fields) == (headline, tone)


def test_effect_falls_back_to_its_name_and_is_absent_without_one(tmp_path: Path) -> None:
    plain = render_report({"outcome": "submitted", "effect": "deactivation"}, tmp_path)
    assert re.search(r'id="outcome-effect">.*Effect</span> <span>deactivation</span>', plain)
    assert 'id="outcome-effect"' not in render_report({"outcome": "submitted"}, tmp_path)


def test_style_and_script_are_inlined_and_allowed_by_their_hash_only(tmp_path: Path) -> None:
    page = render_report({"outcome": "failed"}, tmp_path)
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    (script,) = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    templates = Path(automation.audit.__file__).parent / "templates"
    assert style == (templates / "report.css").read_text(encoding="utf-8")
    assert script == (templates / "report.js").read_text(encoding="utf-8")
    csp = content_security_policy()
    for text in (style, script):
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "default-src 'none'" in csp and "unsafe-inline" not in csp
    assert "<link" not in page and 'src="http' not in page


def test_the_audit_package_names_no_page_of_the_site() -> None:
    """Flows hand the report their facts; audit/ has no word of any AliExpress page."""
    words = re.compile(
        r"aliexpress|release.account|closing.statement|contact.email|\bstores?\b|member.profile"
        r"|privacy.portal|deactivation|deletion|seller",
        re.IGNORECASE,
    )
    package = Path(automation.audit.__file__).parent
    found = []
    for path in sorted(p for p in package.rglob("*") if p.suffix in (".py", ".j2", ".css", ".js")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if path.name == "__init__.py" and number <= 3:
                continue  # the docstring saying so
            if words.search(line):
                found.append(f"{path.relative_to(package)}:{number}: {line.strip()}")
    assert found == []
