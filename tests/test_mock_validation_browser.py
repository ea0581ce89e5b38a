"""The mock's own server-side validation, driven through a real browser as a person would."""

from __future__ import annotations

import re

from conftest import DEMO
from playwright.async_api import Page, expect


async def _open_deactivation_form(page: Page, url: str) -> None:
    await page.goto(url)
    await page.get_by_role("link", name="Sign in", exact=True).first.click()
    await page.get_by_label("Email address or member ID").fill(DEMO["ALIEXPRESS_LOGIN"])
    await page.get_by_label("Password", exact=True).fill(DEMO["ALIEXPRESS_PASSWORD"])
    await page.get_by_role("button", name="Sign in", exact=True).click()
    await page.get_by_role("link", name=re.compile("My AliExpress")).click()
    await page.get_by_role("link", name="Edit Member Profile").click()
    await page.get_by_role("link", name="Deactivate Account").click()


async def test_wrong_phrase_is_rejected_next_to_its_field(page: Page, mock_site):
    await _open_deactivation_form(page, mock_site.url)
    await page.get_by_label("Confirm your account").fill(DEMO["ALIEXPRESS_CONFIRM_ID"])
    phrase = page.get_by_label(re.compile("^Type in the following words"))
    await phrase.fill("deactivate my account please")
    await page.get_by_role("radio", name="Privacy concerns").check()
    await page.get_by_role("button", name="Deactivate my account").click()
    await expect(phrase).to_have_attribute("aria-invalid", "true")
    await expect(phrase).to_have_accessible_description(
        re.compile("Please type the words exactly as shown")
    )
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


async def test_wrong_member_id_is_rejected_next_to_its_field(page: Page, mock_site):
    await _open_deactivation_form(page, mock_site.url)
    confirm = page.get_by_label("Confirm your account")
    await confirm.fill("us0000000000")
    await page.get_by_label(re.compile("^Type in the following words")).fill(
        "Deactivate my account"
    )
    await page.get_by_role("radio", name="Other", exact=True).check()
    await page.get_by_role("button", name="Deactivate my account").click()
    await expect(confirm).to_have_accessible_description(
        re.compile("does not match the account you are signed in with")
    )
    await expect(page.get_by_role("radio", name="Other", exact=True)).to_be_checked()
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


async def test_forgot_password_page_explains_the_reset(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/login")
    await page.get_by_role("link", name="Forgot Password?").click()
    await expect(page.get_by_role("heading", name="Reset your password")).to_be_visible()


async def test_the_cookie_banner_covers_the_page_until_accepted(page: Page, mock_site):
    await page.goto(f"{mock_site.url}/?variant=select-dialog")
    banner = page.get_by_role("dialog", name="Cookie preferences")
    await expect(banner).to_be_visible()
    sign_in = page.get_by_role("link", name="Sign in", exact=True).first
    box = await sign_in.bounding_box()
    assert box is not None
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    covered = "([x, y]) => !document.elementFromPoint(x, y).closest('a')"
    assert await page.evaluate(covered, middle), "the banner lets clicks through to the page"
    await page.get_by_role("button", name="Accept cookies").click()
    await expect(banner).to_be_hidden()
    assert not await page.evaluate(covered, middle)
    await sign_in.click()
    await expect(page.get_by_label("Email address or member ID")).to_be_visible()
