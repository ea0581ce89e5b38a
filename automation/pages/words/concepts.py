"""Every concept the automation looks for on the site, and what it is, for people.

A concept is a thing on a page ("the sign-in link", "next page", "the wallet's balance
label") that the site may word in several ways. Each language module
(`automation/pages/words/<lang>.py`) lists its wordings under these names, and a user's
`--words FILE` may add more. Names with a dot belong to a family of keyed answers:
`reason.privacy`, `order_status.completed`, `check.fines`.

Concepts in `TEMPLATES` are sentence shapes with placeholders (`{total}`, `{page}`, `{code}`
…) rather than wordings: "Showing {from}-{to} of {total}".
"""

from __future__ import annotations

CONCEPTS: dict[str, str] = {
    # Signing in.
    "sign_in": "sign-in link or button",
    "login_field": "login field (email address or member ID)",
    "password_field": "password field",
    "forgot_password": '"Forgot Password?" link',
    "sign_out": "sign-out link or button (shown only when signed in)",
    "continue": '"Continue" button of a form in several steps',
    "account_deactivated": "sentence saying the account is deactivated or closed",
    "wrong_credentials": "sentence saying the login or password is wrong",
    "slide_to_verify": "slider verification's words",
    "verification_code_field": "one-time verification code field",
    "verify": "button that sends the verification code",
    # Cookie consent.
    "cookie_banner": "word that tells a cookie-consent banner from other dialogs",
    "cookie_accept": "cookie banner's accept button",
    "cookie_reject": "cookie banner's button that declines optional cookies",
    # My AliExpress and its menu.
    "my_aliexpress": "link to My AliExpress (the account's dashboard)",
    "account_settings": "menu entry that holds the account's settings",
    "edit_member_profile": '"Edit Member Profile" link',
    "my_orders": "My Orders (menu link or page heading)",
    "disputes": "Refunds and Disputes (menu link or page heading)",
    "wallet": "AliExpress Wallet (menu link or page heading)",
    "coupons": "My Coupons (menu link or page heading)",
    "privacy_settings": "privacy settings link (to the privacy portal)",
    # Lists, however the site pages them.
    "next_page": '"next page" link or button',
    "load_more": 'button that shows more of a list in place ("Load more")',
    "orders_total": "sentence stating how many orders there are",
    "page_position": 'sentence saying which page this is ("Page 2 of 7")',
    "currency_statement": "sentence stating the currency of amounts written without one",
    "orders_empty": "sentence saying there are no orders",
    "disputes_empty": "sentence saying there are no disputes",
    "coupons_empty": "sentence saying there are no coupons",
    # Order facts.
    "order_id": "order number label",
    "order_date": "order date label",
    "order_store": "store (seller) label of an order",
    "order_total": "order total label",
    "order_items": "label of an order's items",
    "order_status_label": "order status label",
    "item_name": "item column of an order's items",
    "item_quantity": "quantity column or mark of an item",
    "item_unit_price": "unit price column of an item",
    "order_status.awaiting_payment": "status of an order not paid yet",
    "order_status.awaiting_shipment": "status of an order not shipped yet",
    "order_status.awaiting_delivery": "status of an order on its way",
    "order_status.completed": "status of a completed order",
    "order_status.closed": "status of a closed order",
    "order_status.cancelled": "status of a cancelled order",
    # Disputes, wallet, coupons.
    "dispute_id": "dispute number label",
    "dispute_opened": "date a dispute was opened (label)",
    "dispute_amount": "refund amount label",
    "dispute_reason": "dispute reason label",
    "dispute_status_label": "dispute status label",
    "dispute_status.open": "status of a dispute still open",
    "dispute_status.closed": "status of a dispute that is over",
    "wallet_balance": "wallet balance label",
    "coupon_id": "label that starts each coupon",
    "coupon_store": "store label of a coupon",
    "coupon_expires": "expiry date label of a coupon",
    "coupon_status_label": "coupon status label",
    "coupon_status.unused": "status of a coupon not used yet",
    "coupon_status.used": "status of a used coupon",
    "coupon_status.expired": "status of an expired coupon",
    "something_went_wrong": "site's own error page heading",
    # Deactivation (Edit Member Profile).
    "deactivate_account": '"Deactivate Account" link or button',
    "confirm_account_field": '"Confirm your account" field',
    "type_words_field": '"Type in the following words" field',
    "deactivation_phrase": "words to type to confirm the deactivation",
    "reason_question": "question asking for the reason",
    "reason.not-using": 'reason "No longer using the platform"',
    "reason.privacy": 'reason "Privacy concerns"',
    "reason.negative-experience": 'reason "Negative experience with the platform or sellers"',
    "reason.switching": 'reason "Switching to another marketplace"',
    "reason.other": 'reason "Other"',
    "release_account": '"Release my account at the same time" checkbox',
    "submit_deactivation": 'red "Deactivate my account" button',
    "deactivation_received": "sentence saying the deactivation request was received",
    "processing_time": "sentence saying when the request is processed",
    "request_pending": "sentence saying a request is already being processed",
    "portal_pointer": "sentence on Edit Member Profile sending people to the privacy portal",
    # The privacy portal.
    "portal_home": "privacy portal's heading",
    "delete_account": '"Delete account" link or button of the privacy portal',
    "delete_my_account": 'red "Delete my account" button',
    "agree_field": 'field asking to type "agree"',
    "agree_phrase": "word to type to confirm the deletion",
    "delete": '"Delete" button that confirms the deletion',
    "deletion_received": "sentence saying the deletion request was received",
    "deletion_pending": "sentence saying a deletion request is already being processed",
    "download_data": '"Download your data" link or button',
    "request_copy": "button that requests a copy of the account's data",
    "copy_preparing": "sentence saying the data copy is being prepared",
    "download_file": "link to download the prepared data copy",
    # Seller center.
    "seller_center": "Seller Center (header link or page heading)",
    "store_menu": "menu group that holds Store Management",
    "store_management": "Store Management (menu link or page heading)",
    "no_store": "sentence saying the account has no store",
    "store_name": "store name label",
    "store_id": "store ID label",
    "store_status": "store status label",
    "store_status.open": "status of an open store",
    "store_status.frozen": "status of a frozen store",
    "exit_service": '"Exit service" link or button',
    "self_inspection": "Self-inspection (page or dialog heading)",
    "check.orders": "self-inspection check of incomplete orders",
    "check.fines": "self-inspection check of unpaid fines and penalties",
    "check.violations": "self-inspection check of violations",
    "check.returns": "self-inspection check of returns and refunds",
    "check.inventory": "self-inspection check of products and inventory",
    "check.funds": "self-inspection check of store funds",
    "count_label": "label of a check's count",
    "amount_label": "label of a check's amount",
    "currency_label": "currency label",
    "units_in_stock": "sentence stating the units in stock",
    "view": '"View" link of a check',
    "back_to_inspection": "link back to Self-inspection",
    "items_stated": "sentence stating how many items a list has",
    "items_empty": "sentence saying a check's list has no items",
    "funds_available": "available balance label of the store funds",
    "funds_pending": "pending settlement label of the store funds",
    "continue_to_application": '"Continue to application" button',
    "application": "exit service application (page or dialog heading)",
    "close_reason_question": '"Reason for closing" question',
    "close_reason.strategy": 'closing reason "Business strategy change"',
    "close_reason.low-sales": 'closing reason "Insufficient sales"',
    "close_reason.other-platform": 'closing reason "Moving to another platform"',
    "close_reason.personal": 'closing reason "Personal reasons"',
    "close_reason.other": 'closing reason "Other"',
    "statement_field": '"Closing statement" field',
    "contact_email_field": '"Contact email" field',
    "freeze_consent": "checkbox acknowledging that the store will be frozen",
    "submit_application": 'red "Submit application" button',
    "application_submitted": "sentence or heading saying the application was submitted",
    "frozen_notice": "sentence saying when the exit application was submitted",
}

# Column headers of the seller's item tables, by check and field.
for _kind, _fields in {
    "orders": ("order_number", "order_date", "buyer", "status", "order_total", "currency"),
    "fines": ("penalty_id", "date", "reason", "amount", "currency", "status"),
    "violations": ("case_id", "date", "type", "product", "status"),
    "returns": ("request_id", "order_number", "type", "amount", "currency", "status"),
    "inventory": ("product_id", "title", "sku", "stock", "price", "currency", "status"),
}.items():
    for _field in _fields:
        CONCEPTS[f"column.{_kind}.{_field}"] = f'"{_field}" column of the {_kind} check\'s items'

TEMPLATES = frozenset(
    {
        "orders_total",
        "page_position",
        "currency_statement",
        "units_in_stock",
        "items_stated",
    }
)
