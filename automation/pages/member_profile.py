"""Edit Member Profile: holds the "Deactivate Account" control."""

import contextlib
from typing import Literal

from playwright.async_api import Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.pages._match import contains, exact
from automation.pages.words import Words

DeactivationState = Literal["available", "pending", "missing"]


class MemberProfilePage:
    """The member profile page."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.heading = page.get_by_role("heading", name=exact(words.edit_member_profile)).first
        name = exact(words.deactivate_account)
        self.deactivate_control = (
            page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name)).first
        )
        self.pending_notice = page.get_by_text(contains(words.request_pending)).first

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading."""
        await self.heading.wait_for()

    async def deactivation_state(self, settle_ms: float) -> DeactivationState:
        """Whether the page offers "Deactivate Account", says a request is pending, or neither.

        A control that is not there at once gets until the page's network is idle (at most
        `settle_ms`) and a moment more to appear: pages may render it late, by script.
        """
        either = self.deactivate_control.or_(self.pending_notice).first
        try:
            await either.wait_for(timeout=1_000)
        except PlaywrightTimeoutError:
            with contextlib.suppress(PlaywrightTimeoutError):
                await self.page.wait_for_load_state("networkidle", timeout=settle_ms)
            try:
                await either.wait_for(timeout=500)
            except PlaywrightTimeoutError:
                return "missing"
        if await self.pending_notice.is_visible():
            return "pending"
        return "available"

    async def open_deactivation(self) -> None:
        """Press "Deactivate Account"."""
        await self.deactivate_control.click()
