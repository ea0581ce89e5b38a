"""The report of a real run, opened in Chromium as a reviewer would open it."""

from __future__ import annotations

from conftest import DEMO, REDESIGN, credentials
from playwright.async_api import Page, expect


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
