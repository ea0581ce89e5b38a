"""English wordings of the word variants: locale key -> the text that replaces the default.

Every wording comes from the vocabulary of ``../shared/foreign-site/CONTRACT.md``; the seeds'
fixed words ("Forgot Password?", "Edit Member Profile", "Deactivate Account", "Confirm your
account", "Type in the following words", "Deactivate my account", "Exit service") are never
overridden. A nested value (reasons, statuses) replaces the whole mapping.
"""

from __future__ import annotations

from typing import Any

REWORDED: dict[str, Any] = {
    "header.my_aliexpress": "Account",
    "header.sign_in": "Log in",
    "header.sign_out": "Log out",
    "header.seller": "Seller Centre",
    "login.title": "Log in",
    "login.login_label": "Email or member ID",
    "login.submit": "Log in",
    "login.error.no_login": "Please enter your email or member ID.",
    "login.error.deactivated": "This account has been deactivated and can no longer log in.",
    "forgot.back": "Back to Log in",
    "challenge.slider.text": (
        "Sorry, we have detected unusual traffic from your network. Drag the slider all the "
        "way to the right to continue logging in."
    ),
    "challenge.code.back": "Back to Log in",
    "challenge.code.too_many": "Too many incorrect codes. Please log in again.",
    "cookies.accept": "Accept all",
    "cookies.reject": "Reject optional cookies",
    "menu.heading": "Your account",
    "menu.orders": "Orders",
    "menu.disputes": "Returns & refunds",
    "menu.wallet": "My Wallet",
    "menu.coupons": "Coupons",
    "orders.title": "Orders",
    "orders.none": "No orders yet",
    "orders.order": "Order No. {number}",
    "orders.statuses": {
        "awaiting_payment": "To pay",
        "awaiting_shipment": "To ship",
        "awaiting_delivery": "Shipped",
        "completed": "Finished",
        "closed": "Closed",
    },
    "disputes.title": "Returns & refunds",
    "disputes.none": "You have no disputes",
    "disputes.statuses": {"open": "Awaiting seller response", "closed": "Resolved"},
    "wallet.title": "My Wallet",
    "wallet.balance": "Wallet balance",
    "coupons.title": "Coupons",
    "coupons.none": "You don't have any coupons",
    "coupons.statuses": {"unused": "Available", "used": "Used", "expired": "Expired"},
    "deactivate.reason_question": "Why are you leaving?",
    "deactivate.reasons": {
        "No longer using the platform": "I no longer use AliExpress",
        "Privacy concerns": "Privacy concerns",
        "Negative experience with the platform or sellers": (
            "Negative experiences with the platform or sellers"
        ),
        "Switching to another marketplace": "Switching to a different online marketplace",
        "Other": "Other",
    },
    "result.title": "Your request has been submitted",
    "profile.pending": "Your request to deactivate this account is already being processed.",
    "seller.center": "Seller Centre",
    "seller.menu_label": "Seller Centre menu",
    "seller.back_to_center": "Back to Seller Centre",
    "seller.menu.store": "Shop",
    "seller.store_management": "Manage store",
    "seller.back_to_management": "Back to Manage store",
    "seller.self_inspection": "Self-check",
    "seller.self_inspection_phrase": "self-check",
    "seller.back_to_inspection": "Back to Self-check",
    "seller.closing_reason": "Closing reason",
    "seller.submit": "Submit",
    "seller.statuses": {"open": "Open", "frozen": "Suspended"},
}

_NOTHING_YET = "There is nothing to show here yet"

NUMBERED: dict[str, Any] = {
    "header.sign_in": "Sign In",
    "login.title": "Sign In",
    "login.submit": "Sign In",
    "forgot.back": "Back to Sign In",
    "challenge.code.back": "Back to Sign In",
    "cookies.accept": "Got it",
    "cookies.reject": "Decline",
    "menu.heading": "My account",
    "menu.orders": "My orders",
    "menu.wallet": "Wallet",
    "orders.title": "My orders",
    "orders.showing": "Showing {first}-{last} of {total}",
    "orders.showing_none": "",
    "orders.none": _NOTHING_YET,
    "orders.number": "Order ID",
    "orders.date": "Date",
    "orders.store": "Seller",
    "orders.total": "Order total",
    "disputes.none": _NOTHING_YET,
    "coupons.none": _NOTHING_YET,
    "wallet.title": "Wallet",
    "wallet.balance": "Balance",
}

STEPWISE: dict[str, Any] = {
    "cookies.accept": "Allow all",
    "cookies.reject": "Reject all",
    "orders.showing": "{total} orders",
    "orders.showing_one": "{total} order",
    "orders.showing_none": "0 orders",
    "orders.previous": "<",
    "orders.next": ">",
}
