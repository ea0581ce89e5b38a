"""Edit Member Profile: holds the "Deactivate Account" control."""

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

    async def deactivation_state(self, timeout_ms: float | None = None) -> DeactivationState:
        """Whether the page offers "Deactivate Account", says a request is pending, or neither."""
        try:
            await self.deactivate_control.or_(self.pending_notice).first.wait_for(
                timeout=timeout_ms
            )
        except PlaywrightTimeoutError:
            return "missing"
        if await self.pending_notice.is_visible():
            return "pending"
        return "available"

    async def open_deactivation(self) -> None:
        """Press "Deactivate Account"."""
        await self.deactivate_control.click()
