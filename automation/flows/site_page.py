"""A browser tab for a flow, ready for the site's overlays."""

from __future__ import annotations

from playwright.async_api import Page

from automation.flows.context import FlowContext
from automation.pages.cookie_banner import answer_cookie_banners


async def new_site_page(run: FlowContext) -> Page:
    """A new page of the run's context on which any cookie-consent banner is answered
    whenever it shows up (optional cookies declined when the banner offers that), each
    answer logged and counted in the manifest's `cookie_consent`."""
    page = await run.context.new_page()
    answers: list[dict[str, str]] = []

    def answered(choice: str, button: str) -> None:
        answers.append({"choice": choice, "button": button, "url": page.url})
        run.recorder.log.info(f"cookie banner {choice}", button=button, url=page.url)
        run.recorder.update(cookie_consent=answers)

    await answer_cookie_banners(page, run.vocabulary.any_language(), answered)
    return page
