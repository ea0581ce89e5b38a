"""English: the words of aliexpress.com as the seed articles quote them."""

from automation.pages.words import Words

WORDS = Words(
    lang="en",
    sign_in="Sign in",
    login_label="Email address or member ID",
    password_label="Password",
    forgot_password="Forgot Password?",
    my_aliexpress="My AliExpress",
    edit_member_profile="Edit Member Profile",
    deactivate_account="Deactivate Account",
    confirm_account_label="Confirm your account",
    type_words_label="Type in the following words",
    deactivation_phrase="Deactivate my account",
    reasons={
        "not-using": "No longer using the platform",
        "privacy": "Privacy concerns",
        "negative-experience": "Negative experience with the platform or sellers",
        "switching": "Switching to another marketplace",
        "other": "Other",
    },
    default_reason="not-using",
    release_account_label="Release my account at the same time",
    submit_deactivation="Deactivate my account",
    wrong_credentials="password is incorrect",
    account_deactivated="has been deactivated",
    request_pending="is being processed",
    request_received="request received",
    processing_time="within 24 hours",
)
