"""The mock's privacy portal walked in a real browser, as a person would: by role, label and
text, from My AliExpress's "Privacy settings" to the portal on the other loopback host name."""

from __future__ import annotations

import io
import json
import re
import urllib.request
from urllib.parse import urlsplit

from conftest import persona
from openpyxl import load_workbook
from playwright.async_api import BrowserContext, Page, expect

AGREE_ERROR = "Please type agree exactly as shown to confirm the deletion."


def portal_url(mock_site) -> str:
    """The mock is opened at 127.0.0.1, so its portal answers at localhost (same port)."""
    assert urlsplit(mock_site.url).hostname == "127.0.0.1"
    return f"http://localhost:{mock_site.server.port}"


def set_portal(mock_site, **settings: float) -> None:
    """``POST /__mock__/portal`` (undone by the fixture's reset after the test)."""
    request = urllib.request.Request(
        f"{mock_site.url}/__mock__/portal",
        data=json.dumps(settings).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200


async def sign_in(page: Page, url: str, login: str) -> None:
    await page.goto(url)
    await page.get_by_role("link", name="Sign in", exact=True).first.click()
    await page.get_by_label("Email address or member ID").fill(login)
    await page.get_by_label("Password", exact=True).fill(persona(login)["password"])
    await page.get_by_role("button", name="Sign in", exact=True).click()


async def cookie_names(context: BrowserContext, url: str) -> set[str]:
    return {cookie["name"] for cookie in await context.cookies(url)}


async def test_from_privacy_settings_to_deletion_request_submitted(page: Page, mock_site):
    login = "portal.en@example.com"
    portal = portal_url(mock_site)
    await sign_in(page, mock_site.url, login)
    await page.get_by_role("link", name=re.compile("My AliExpress")).click()
    await page.get_by_role("link", name="Privacy settings").click()
    await expect(page.get_by_role("heading", name="Your privacy")).to_be_visible()
    assert page.url == f"{portal}/home"
    await expect(page.get_by_label("Password")).to_have_count(0)

    # Two origins, two cookie jars: neither session cookie is ever sent to the other host.
    buyer_cookies = await cookie_names(page.context, mock_site.url)
    portal_cookies = await cookie_names(page.context, portal)
    assert "aliexpress_session" in buyer_cookies and "privacy_session" not in buyer_cookies
    assert "privacy_session" in portal_cookies and "aliexpress_session" not in portal_cookies

    # The real portal's address shape lands on the deletion page too.
    await page.goto(f"{portal}/home#/request/delete")
    await expect(page.get_by_role("heading", name="Delete account", exact=True)).to_be_visible()
    await expect(page.get_by_text("Deleting your account is final")).to_be_visible()

    dialog = page.get_by_role("dialog", name="Delete your account?")
    await page.get_by_role("button", name="Delete my account").click()
    await expect(dialog).to_be_visible()
    await dialog.get_by_label("Type agree to confirm").fill("Agree")
    await dialog.get_by_role("button", name="Delete", exact=True).click()
    await expect(dialog.get_by_role("alert")).to_have_text(AGREE_ERROR)
    await expect(dialog.get_by_label("Type agree to confirm")).to_have_value("Agree")
    assert mock_site.account(login)["status"] == "active"

    await dialog.get_by_role("button", name="Cancel").click()
    await expect(dialog).to_be_hidden()
    assert mock_site.account(login)["status"] == "active"

    await page.get_by_role("button", name="Delete my account").click()
    await dialog.get_by_label("Type agree to confirm").fill("agree")
    await dialog.get_by_role("button", name="Delete", exact=True).click()
    await expect(page.get_by_role("heading", name="Deletion request submitted")).to_be_visible()
    await expect(page.get_by_text("processed within 15 days")).to_be_visible()
    assert urlsplit(page.url).netloc == urlsplit(portal).netloc
    state = mock_site.account(login)
    assert state["status"] == "deletion_pending"
    assert state["portal_submissions"] == 1 and state["submissions"] == 1

    await page.get_by_role("link", name="Back to Your privacy").click()
    await page.get_by_role("link", name="Delete account").click()
    await expect(
        page.get_by_text("Your account deletion request is already being processed.")
    ).to_be_visible()
    await expect(page.get_by_role("button", name="Delete my account")).to_have_count(0)


async def test_download_your_data_in_the_buyers_language(page: Page, mock_site):
    login = "portal.es@example.com"
    portal = portal_url(mock_site)
    set_portal(mock_site, copy_delay_s=3600)
    await page.goto(f"{portal}/home")  # straight to the portal: nobody is signed in there
    await expect(page.get_by_text("open it from Privacy settings in My AliExpress")).to_be_visible()

    await sign_in(page, mock_site.url, login)
    await page.get_by_role("link", name=re.compile("Mi AliExpress")).click()
    await page.get_by_role("link", name="Configuración de privacidad").click()
    await expect(page.get_by_role("heading", name="Tu privacidad")).to_be_visible()
    await expect(page.locator("html")).to_have_attribute("lang", "es")
    await page.get_by_role("link", name="Descargar tus datos").click()
    await page.get_by_role("button", name="Solicitar una copia").click()
    await expect(page.get_by_role("status")).to_have_text(re.compile("Estamos preparando"))
    download_link = page.get_by_role("link", name="Descargar", exact=True)
    await expect(download_link).to_have_count(0)
    set_portal(mock_site, copy_delay_s=0)  # the copy is ready now...
    await expect(download_link).to_be_visible(timeout=15_000)  # ...and the page looks again
    async with page.expect_download() as started:
        await download_link.click()
    download = await started.value
    assert download.suggested_filename == "aliexpress-data-es2851037051.xlsx"
    sheet = load_workbook(io.BytesIO((await download.path()).read_bytes()))["Orders"]
    rows = list(sheet.iter_rows(values_only=True))
    lines = [(i["name"], i["quantity"]) for o in persona(login)["orders"] for i in o["items"]]
    assert rows[0][:2] == ("Order number", "Order date")
    assert [(row[4], row[5]) for row in rows[1:]] == lines
    (request,) = mock_site.account(login)["data_requests"]
    assert request["ready"] and request["downloads"] == 1
    assert mock_site.account(login)["status"] == "active"
