"""Page objects of the seller center: home, Store Management, Self-inspection, the item
tables behind each check, the exit service application and its result.

Like every page object they find things by role, label and visible text only (the words
are `SellerWords`), know nothing of flows or evidence, and assert nothing.
"""
