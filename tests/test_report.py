"""report.html, opened in a real Chromium from a synthetic bundle: what a reviewer sees."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.async_api import Page, expect

from automation.audit.report import render_report

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
        "release_account": False,
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

    await expect(page.get_by_role("heading", level=1)).to_have_text("Dry run complete")
    await expect(page.get_by_text(manifest["result"])).to_be_visible()
    await expect(page.get_by_text("DRY RUN", exact=True)).to_be_visible()
    await expect(page.get_by_text("UNSIGNED — run aliexit audit keygen")).to_be_visible()
    await expect(page.get_by_text("d***@example.com")).to_be_visible()
    await expect(page.get_by_text("9.50 s")).to_be_visible()

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
        error="<script>alert(1)</script> deactivation failed",
        signed=True,
        overrides=["captcha"],
    )
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    requests = await _open(page, manifest, tmp_path)

    await expect(page.get_by_role("heading", level=1)).to_have_text("Failed")
    await expect(
        page.get_by_text("Error: <script>alert(1)</script> deactivation failed")
    ).to_be_visible()
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

    await expect(page.get_by_role("heading", level=1)).to_have_text("Partial run (cut off)")
    await expect(page.get_by_text("PARTIAL", exact=True)).to_be_visible()
    await expect(page.get_by_text("did not finish")).to_be_visible()
    await expect(page.get_by_role("list", name="Timeline").get_by_role("listitem")).to_have_count(3)


def test_render_is_plain_and_never_raises_on_odd_input(tmp_path: Path) -> None:
    manifest = {
        "outcome": "submitted",
        "flow": "deactivate",
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
