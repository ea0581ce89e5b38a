"""Page objects of the seller center: Store Management, the exit service and its checks.

Like every page object they find things by role, label and visible text (their words are
concepts of `automation.pages.words`), know nothing of flows or evidence, and assert nothing.
"""
