"""Refunds and Disputes, AliExpress Wallet, My Coupons: what a person checks before leaving."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages._records import read_fields, read_records, relabel
from automation.pages.words import Words


class DisputesPage:
    """The list of refunds and disputes."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words

    async def disputes(self) -> list[dict[str, str | None]]:
        """Every dispute with our field names, plus its heading (e.g. "Dispute 5012345678")."""
        records = await read_records(self.page.get_by_role("main").first)
        return [
            {"heading": r["heading"], **relabel(r["fields"], self.words.dispute_fields)}
            for r in records
        ]


class WalletPage:
    """The AliExpress Wallet page."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words

    async def balance(self) -> str | None:
        """The available balance as the page states it ("23.45 USD"), or None if not shown."""
        fields = await read_fields(self.page.get_by_role("main").first)
        return relabel(fields, {"balance": self.words.wallet_balance})["balance"]


class CouponsPage:
    """The list of coupons."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words

    async def coupons(self) -> list[dict[str, str | None]]:
        """Every coupon with our field names, plus its title."""
        records = await read_records(self.page.get_by_role("main").first)
        return [
            {"title": r["heading"], **relabel(r["fields"], self.words.coupon_fields)}
            for r in records
        ]
