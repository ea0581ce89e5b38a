"""My Orders, Refunds and Disputes, AliExpress Wallet, My Coupons: what a person checks
before leaving, read the same way whatever the layout (see `records`, `record_list`)."""

from __future__ import annotations

from playwright.async_api import Page

from automation.pages.amounts import Amount, AmountError, parse_amount
from automation.pages.find import Finder, look
from automation.pages.record_text import labelled_values
from automation.pages.records import RecordSpec, main_lines
from automation.pages.words import Words

ORDERS = RecordSpec(
    ids=("order_id",),
    fields={"date": "order_date", "store": "order_store", "total": "order_total"},
    status_family="order_status",
    status_label="order_status_label",
    items="order_items",
)
DISPUTES = RecordSpec(
    ids=("dispute_id", "order_id"),
    fields={
        "order_number": "order_id",
        "opened": "dispute_opened",
        "amount": "dispute_amount",
        "reason": "dispute_reason",
    },
    status_family="dispute_status",
    status_label="dispute_status_label",
)
COUPONS = RecordSpec(
    ids=("coupon_id", "coupon_expires", "coupon_status_label"),
    fields={"store": "coupon_store", "expires": "coupon_expires"},
    status_family="coupon_status",
    status_label="coupon_status_label",
)


class WalletPage:
    """The AliExpress Wallet page."""

    def __init__(self, page: Page, words: Words) -> None:
        self.page = page
        self.words = words

    async def balance(self) -> tuple[str | None, Amount | None]:
        """The balance as the page states it ("US $23.45") and read (None when the page,
        once settled, shows no balance label)."""
        label = look("wallet_balance", "text", match="starts")
        if await Finder(self.page, self.words).seek(label) is None:
            return None, None
        lines = await main_lines(self.page)
        values, _ = labelled_values(lines, {"balance": self.words["wallet_balance"]})
        text = values["balance"]
        if text is None:
            return None, None
        stated = self.words.read("currency_statement", "\n".join(lines))
        try:
            return text, parse_amount(text, stated["code"] if stated else None)
        except AmountError:
            return text, None
