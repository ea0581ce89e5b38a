"""Page objects: one per page of the site, locators by role, label and visible text.

They know nothing of flows or evidence, and assert nothing: methods do what a
person would do on that page, or report what the page shows.
"""
