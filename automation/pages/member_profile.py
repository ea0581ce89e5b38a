"""Edit Member Profile: holds the "Deactivate Account" control."""

from __future__ import annotations

from typing import Literal

from playwright.async_api import Page

from automation.pages.find import Finder, look
from automation.pages.words import Words

DeactivationState = Literal["available", "pending", "missing"]

HEADING = look("edit_member_profile", "heading")
DEACTIVATE = look("deactivate_account", "link", "button")
PENDING = look("request_pending", "text", match="contains")


class MemberProfilePage:
    """The member profile page."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.find = Finder(page, words)

    async def wait_until_shown(self) -> None:
        """Wait for the page's heading."""
        await self.find.find(HEADING)

    async def deactivation_state(self) -> DeactivationState:
        """Whether the page offers "Deactivate Account", says a request is pending, or, once
        the page has settled (it may render the control late, by script), neither."""
        found = await self.find.seek(DEACTIVATE, PENDING)
        if found is None:
            return "missing"
        return "pending" if found.look is PENDING else "available"

    async def open_deactivation(self) -> None:
        """Press "Deactivate Account"."""
        control = await self.find.find(DEACTIVATE)
        await control.locator.click()
