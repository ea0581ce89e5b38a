"""The report of a real run, opened in Chromium as a reviewer would open it.

The flows hand the report their facts in the manifest (`action`, `facts`, `path`,
`effect`); these tests check both sides of that contract on real runs of the mock.
"""

from __future__ import annotations

import hashlib

from conftest import DEMO, REDESIGN, credentials, persona
from playwright.async_api import Locator, Page, expect


def _fact(page: Page, name: str) -> Locator:
    """The row of the run facts table whose header is `name`."""
    header = page.get_by_role("rowheader", name=name, exact=True)
    return page.get_by_role("row").filter(has=header)


async def _flow_facts_are_the_last_rows(page: Page, manifest: dict) -> None:
    """Every fact the flow handed over is a row, in its order, after the generic rows."""
    facts = manifest["facts"]
    headers = page.get_by_role("table").get_by_role("rowheader")
    assert (await headers.all_inner_texts())[-len(facts) :] == list(facts)
    for label, value in facts.items():
        text = ("yes" if value else "no") if isinstance(value, bool) else str(value)
        await expect(_fact(page, label).get_by_role("cell")).to_have_text(text)


async def test_report_of_a_real_dry_run(page: Page, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.manifest["action"] == "Deactivation"
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Deactivation: dry run complete"
    )
    await expect(page.locator("#outcome-effect")).to_contain_text("deactivation")
    await expect(page.get_by_text(run.manifest["result"])).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline")
    await expect(timeline.get_by_role("listitem")).to_have_count(11)
    await expect(page.get_by_role("cell", name="d***@example.com")).to_be_visible()
    await _flow_facts_are_the_last_rows(page, run.manifest)
    await expect(_fact(page, "Release account")).to_contain_text("no")
    await expect(_fact(page, "Store")).to_have_count(0)
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    await page.screenshot(path=str(run.bundle.parent / "report-view.png"), full_page=True)


async def test_report_of_a_deletion_says_it_is_one(page: Page, run_cli, mock_site):
    run = run_cli("delete", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    assert run.manifest["effect"] == "deletion" and run.manifest["action"] == "Deletion"
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Deletion: dry run complete")
    await expect(page.locator("#outcome-effect")).to_contain_text("deletion")
    await expect(page.locator("#outcome-effect")).not_to_contain_text("deactivation")
    await _flow_facts_are_the_last_rows(page, run.manifest)


async def test_report_of_a_failed_run_shows_the_error(page: Page, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=REDESIGN)
    assert run.returncode == 5
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Deactivation failed")
    await expect(page.get_by_text('no "Deactivate Account" control').first).to_be_visible()
    await expect(page.get_by_role("list", name="Timeline").get_by_role("listitem")).to_have_count(8)


async def test_report_lists_blockers_and_marks_overrides(page: Page, run_cli, mock_site):
    login = "many.blockers@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", "--ignore-blocker",
                  "wallet", env=credentials(login))  # fmt: skip
    assert run.returncode == 3
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Deactivation blocked")
    blockers = page.get_by_role("list", name="Blockers").get_by_role("listitem")
    await expect(blockers).to_have_count(len(run.manifest["blockers"]))
    await expect(blockers.filter(has_text="Wallet")).to_contain_text("(overridden)")
    await expect(page.get_by_role("list", name="Warnings").get_by_role("listitem")).to_have_count(1)


async def test_report_of_a_store_closure_shows_the_store_and_the_letter(
    page: Page, run_cli, mock_site
):
    statement = "We are moving our business to our own web shop; thank you for the years here."
    login = "seller.clean@example.com"
    run = run_cli("close-store", "--base-url", mock_site.url, "--dry-run",
                  "--statement", statement, env=credentials(login))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["action"] == "Store closure"
    await page.goto((run.bundle / "report.html").as_uri())

    await expect(page.get_by_role("heading", level=1)).to_have_text(
        "Store closure: dry run complete"
    )
    await _flow_facts_are_the_last_rows(page, run.manifest)
    store = persona(login)["store"]
    await expect(_fact(page, "Store")).to_contain_text(store["store_name"])
    await expect(_fact(page, "Store")).to_contain_text(store["store_id"])
    letter = _fact(page, "Closing statement")
    await expect(letter).to_contain_text(f"{len(statement)} characters")
    await expect(letter).to_contain_text(hashlib.sha256(statement.encode()).hexdigest())
    await expect(_fact(page, "Contact email")).to_contain_text("s***@example.com")
    await expect(_fact(page, "Release account")).to_have_count(0)
    await expect(_fact(page, "Flow")).to_contain_text("close-store")
