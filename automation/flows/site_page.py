"""A browser tab for a flow, ready for the site's overlays."""

from __future__ import annotations

from playwright.async_api import Page

from automation.flows.runner import FlowContext
from automation.pages.cookie_banner import dismiss_cookie_banners


async def new_site_page(run: FlowContext) -> Page:
    """A new page of the run's context on which any cookie-consent banner is accepted
    whenever it shows up (each time logged)."""
    page = await run.context.new_page()

    def dismissed() -> None:
        run.recorder.log.info("cookie banner accepted", url=page.url)

    await dismiss_cookie_banners(page, dismissed)
    return page
