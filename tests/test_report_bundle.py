"""The report of a real run, opened in Chromium as a reviewer would open it."""

from __future__ import annotations

from conftest import DEMO, REDESIGN, credentials
from playwright.async_api import Locator, Page, expect


def _fact(page: Page, name: str) -> Locator:
    """The row of the run facts table whose header is `name`."""
    header = page.get_by_role("rowheader", name=name, exact=True)
    return page.get_by_role("row").filter(has=header)


async def test_report_of_a_real_dry_run(page: Page, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Dry run complete")
    await expect(page.get_by_text(run.manifest["result"])).to_be_visible()
    timeline = page.get_by_role("list", name="Timeline")
    await expect(timeline.get_by_role("listitem")).to_have_count(11)
    await expect(page.get_by_role("cell", name="d***@example.com")).to_be_visible()
    await expect(_fact(page, "Release account")).to_contain_text("no")
    await expect(_fact(page, "Store")).to_have_count(0)
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    await page.screenshot(path=str(run.bundle.parent / "report-view.png"), full_page=True)


async def test_report_of_a_failed_run_shows_the_error(page: Page, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=REDESIGN)
    assert run.returncode == 5
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Failed")
    await expect(page.get_by_text('no "Deactivate Account" control').first).to_be_visible()
    await expect(page.get_by_role("list", name="Timeline").get_by_role("listitem")).to_have_count(8)


async def test_report_lists_blockers_and_marks_overrides(page: Page, run_cli, mock_site):
    login = "many.blockers@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", "--ignore-blocker",
                  "wallet", env=credentials(login))  # fmt: skip
    assert run.returncode == 3
    await page.goto((run.bundle / "report.html").as_uri())
    await expect(page.get_by_role("heading", level=1)).to_have_text("Blocked")
    blockers = page.get_by_role("list", name="Blockers").get_by_role("listitem")
    await expect(blockers).to_have_count(len(run.manifest["blockers"]))
    await expect(blockers.filter(has_text="Wallet")).to_contain_text("(overridden)")
    await expect(page.get_by_role("list", name="Warnings").get_by_role("listitem")).to_have_count(1)


async def test_report_of_a_store_closure_shows_the_store_and_the_letter(
    page: Page, run_cli, mock_site
):
    statement = "We are moving our business to our own web shop; thank you for the years here."
    seller = credentials("seller.clean@example.com")
    run = run_cli("close-store", "--base-url", mock_site.url, "--dry-run",
                  "--statement", statement, env=seller)  # fmt: skip
    assert run.returncode == 0, run.stderr
    await page.goto((run.bundle / "report.html").as_uri())

    store = run.manifest["store"]
    await expect(_fact(page, "Store")).to_contain_text(
        f"{store['name']} ({store['store_id']}), Open when checked"
    )
    await expect(_fact(page, "Closing statement")).to_contain_text(
        f"{len(statement)} characters (--statement), SHA-256 {run.manifest['statement_sha256']}"
    )
    await expect(_fact(page, "Contact email")).to_contain_text("s***@example.com")
    await expect(_fact(page, "Release account")).to_have_count(0)
    await expect(_fact(page, "Flow")).to_contain_text("close-store")
