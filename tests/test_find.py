"""Finding concepts by their words in a real browser: on pages built the ways sites build
them (frames, shadow roots, folded menus, ARIA widgets), and failing fast with what the page
offers when a concept is not there."""

from __future__ import annotations

import time

import pytest

from automation.pages.cookie_banner import answer_cookie_banners
from automation.pages.find import ConceptMissing, Finder, look, watch_wordings
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary, words_for

EN = words_for("en")
SIGN_IN = look("sign_in", "link", "button")
LOGIN = look("login_field", "field")
EDIT_MEMBER_PROFILE = look("edit_member_profile", "link")
ACCOUNT_SETTINGS = look("account_settings", "link", "button")


async def test_a_concept_by_any_of_its_wordings_and_which_one_is_noted(page):
    await page.set_content('<main><h1>Welcome</h1><a href="#x">Log in</a></main>')
    with watch_wordings() as seen:
        found = await Finder(page, EN).find(SIGN_IN)
    assert found.wording == "Log in" and seen == {"sign_in": "Log in"}


async def test_of_several_matches_the_earliest_wording_wins(page):
    await page.set_content("<button>Confirm</button><button>Deactivate my account</button>")
    found = await Finder(page, EN).find(look("submit_deactivation", "button"))
    assert found.wording == "Deactivate my account"
    mine = Vocabulary({"en": {"submit_deactivation": ["Confirm"]}}).words("en")
    assert (await Finder(page, mine).find(look("submit_deactivation", "button"))).wording == (
        "Confirm"
    )


async def test_a_missing_concept_fails_fast_naming_it_and_what_the_page_offers(page):
    await page.set_content(
        "<main><h1>Edit Member Profile</h1><button>Save changes</button>"
        '<a href="#h">Help</a><label>Email <input></label></main>'
    )
    began = time.monotonic()
    with pytest.raises(ConceptMissing) as missing:
        await Finder(page, EN).find(look("deactivate_account"))
    took = time.monotonic() - began
    sentence = missing.value.sentence
    assert '"Deactivate Account"' in sentence and "deactivate_account" in sentence
    assert 'headings "Edit Member Profile"' in sentence and 'buttons "Save changes"' in sentence
    assert 'links "Help"' in sentence and 'fields "Email"' in sentence
    assert missing.value.exit_code == 5
    assert took < 8, took  # a quick look, the page settling, a grace: never the 15 s timeout


async def test_a_landmark_name_alone_is_no_wording(page):
    await page.set_content('<nav aria-label="Seller Center menu"><a href="#">Home</a></nav>')
    assert (
        await Finder(page, EN, quick_ms=200, grace_ms=200).seek(
            look("seller_center", "link", "heading", "text")
        )
        is None
    )


async def test_late_content_is_waited_for(page):
    await page.set_content(
        "<main id=m></main><script>setTimeout(() => document.getElementById('m')"
        ".innerHTML = '<button>Sign in</button>', 700)</script>"
    )
    assert (await Finder(page, EN).find(SIGN_IN)).wording == "Sign in"


async def test_a_field_in_a_same_origin_iframe_is_found_there(page):
    await page.set_content(
        '<h1>Sign in</h1><iframe srcdoc="<label>Email or member ID <input></label>'
        '<button>Sign in</button>"></iframe>'
    )
    finder = Finder(page, EN)
    field = await finder.find(LOGIN)
    assert field.scope is not page and field.wording == "Email or member ID"
    await field.locator.fill("me@example.com")
    button = await finder.find(look("sign_in", "button"), within=field.scope)
    assert await button.locator.evaluate("b => b.ownerDocument !== window.top.document")


async def test_fields_in_an_open_shadow_root(page):
    await page.set_content(
        "<x-confirm></x-confirm><script>customElements.define('x-confirm', class extends "
        "HTMLElement { constructor() { super(); this.attachShadow({mode: 'open'}).innerHTML ="
        " '<label>Confirm your account <input></label>'; } });</script>"
    )
    field = await Finder(page, EN).find(look("confirm_account_field", "field"))
    await field.locator.fill("ae_demo")
    assert await field.locator.input_value() == "ae_demo"


# A link folded away three ways: a closed <details>, a collapsed control, a hover menu.
FOLDED = [
    '<details><summary>Account settings</summary><a href="#p">Edit Member Profile</a></details>',
    '<button aria-expanded="false" aria-controls="m" onclick="document.getElementById(\'m\')'
    ".hidden=false; this.setAttribute('aria-expanded', 'true')\">Settings</button>"
    '<ul id="m" hidden><li><a href="#p">Edit Member Profile</a></li></ul>',
    "<style>.menu ul{display:none}.menu:hover ul{display:block}</style>"
    '<div class="menu"><span>Account</span><ul><li><a href="#p">Edit Member Profile</a>'
    "</li></ul></div>",
]
FOLDED_IDS = ["details", "aria-expanded", "hover"]


@pytest.mark.parametrize("html", FOLDED, ids=FOLDED_IDS)
async def test_a_link_in_a_folded_menu_is_revealed(page, html):
    await page.set_content(f"<main>{html}</main>")
    found = await Finder(page, EN).find(look("edit_member_profile", "link"))
    assert await found.locator.is_visible()


@pytest.mark.parametrize(
    "html", ['<a href="#p">Edit Member Profile</a>', *FOLDED], ids=["shown", *FOLDED_IDS]
)
async def test_a_control_is_preferred_to_the_way_to_it_even_when_folded(page, html):
    await page.set_content(f'<main><a href="#s">Account Settings</a>{html}</main>')
    found = await Finder(page, EN).prefer([EDIT_MEMBER_PROFILE], ACCOUNT_SETTINGS)
    assert found.look is EDIT_MEMBER_PROFILE and await found.locator.is_visible()


async def test_the_way_to_a_control_when_the_page_does_not_hold_it(page):
    await page.set_content('<main><a href="#s">Account Settings</a><a href="#o">Orders</a></main>')
    found = await Finder(page, EN).prefer([EDIT_MEMBER_PROFILE], ACCOUNT_SETTINGS)
    assert found.look is ACCOUNT_SETTINGS and found.wording == "Account Settings"
    await page.set_content("<main><h1>Orders</h1></main>")
    with pytest.raises(ConceptMissing) as missing:
        await Finder(page, EN, settle_ms=500).prefer([EDIT_MEMBER_PROFILE], ACCOUNT_SETTINGS)
    assert missing.value.concepts == ["edit_member_profile", "account_settings"]


async def test_aria_widgets_count_as_the_controls_they_say_they_are(page):
    await page.set_content(
        '<div role="checkbox" aria-checked="false" tabindex="0" '
        "onclick=\"this.setAttribute('aria-checked', this.getAttribute('aria-checked') !== "
        "'true')\">Release my account at the same time</div>"
        '<div role="button" tabindex="0">Deactivate my account</div>'
    )
    finder = Finder(page, EN)
    box = await finder.find(look("release_account", "checkbox"))
    await box.locator.check()
    assert await box.locator.get_attribute("aria-checked") == "true"
    assert (await finder.find(look("submit_deactivation", "button"))).wording


BANNER = """
<main><h1>Deals</h1><button onclick="window.pressed='deal'">Accept</button></main>
<div role="dialog" style="position:fixed;inset:0;background:#fff">
  <p>We use cookies to remember you.</p>
  <button onclick="window.pressed='accept'; this.parentNode.remove()">Accept all</button>
  REJECT
</div>
"""


@pytest.mark.parametrize(
    ("reject", "choice"),
    [('<button onclick="window.pressed=\'reject\'; this.parentNode.remove()">Reject</button>',
      "rejected"), ("", "accepted")],
    ids=["declines-when-offered", "accepts-otherwise"],
)  # fmt: skip
async def test_a_cookie_banner_is_answered_declining_when_it_can(page, reject, choice):
    await page.set_content(BANNER.replace("REJECT", reject))
    answers = []
    await answer_cookie_banners(
        page, DEFAULT_VOCABULARY.any_language(), lambda c, b: answers.append((c, b))
    )
    await page.get_by_role("heading", name="Deals").click()  # an action the banner blocks
    assert answers == [(choice, "Reject" if reject else "Accept all")]
    # the banner's button was pressed, never the page's own "Accept"
    assert await page.evaluate("window.pressed") == ("reject" if reject else "accept")


class _Log:
    def warning(self, *args, **kwargs) -> None:
        raise AssertionError(f"unexpected warning: {args} {kwargs}")


async def _disputes(page):
    from automation.flows.lists import read_whole_list
    from automation.pages.account_records import DISPUTES
    from automation.pages.record_list import RecordList
    from automation.retrying import RetryPolicy

    listing = RecordList(page, EN, DISPUTES, empty="disputes_empty")
    return await read_whole_list(listing, RetryPolicy(tries=1), _Log())


async def test_a_list_drawn_late_is_read_once_the_page_stops_saying_it_is_busy(page):
    # The menu beside the list links "Disputes": a record label only counts inside main.
    await page.set_content(
        '<nav><a href="#d">Disputes</a></nav><main><h1>Returns &amp; refunds</h1>'
        "<div id=r aria-busy=true>Loading…</div></main><script>setTimeout(() => {"
        "const r = document.getElementById('r'); r.innerHTML = '<table><thead><tr>"
        "<th>Order number</th><th>Case number</th><th>Amount</th><th>Status</th></tr></thead>"
        "<tbody><tr><td>8190</td><td>D-77</td><td>18.20 USD</td><td>Refund requested</td>"
        "</tr></tbody></table>'; r.removeAttribute('aria-busy'); }, 700)</script>"
    )
    whole = await _disputes(page)
    assert [(r.fields["id"], r.status) for r in whole.records] == [("D-77", "open")]


async def test_a_list_with_neither_records_nor_an_empty_state_is_missing(page):
    await page.set_content(
        '<nav><a href="#d">Disputes</a></nav><main><h1>Disputes</h1>'
        "<p>Something else entirely</p></main>"
    )
    with pytest.raises(ConceptMissing) as caught:
        await _disputes(page)
    assert "disputes_empty" in caught.value.concepts
    assert 'heading "Disputes"' in str(caught.value) or '"Disputes"' in str(caught.value)


async def test_records_run_together_on_one_line_per_list_item(page):
    from automation.flows.lists import read_whole_list
    from automation.pages.account_records import COUPONS
    from automation.pages.record_list import RecordList
    from automation.retrying import RetryPolicy

    await page.set_content(
        '<nav><ul><li><a href="#c">Coupons</a></li></ul></nav><main><h1>Coupons</h1><ul>'
        "<li><b>Welcome coupon</b> &middot; US $3 off &middot; valid until Jan 31, 2027 "
        "&middot; <span>Unused</span></li><li><b>Spring sale</b> &middot; 5% off &middot; "
        "valid until Apr 1, 2026 &middot; <span>Expired</span></li></ul></main>"
    )
    listing = RecordList(page, EN, COUPONS, empty="coupons_empty")
    whole = await read_whole_list(listing, RetryPolicy(tries=1), _Log())
    assert [(r.heading, r.status) for r in whole.records] == [
        ("Welcome coupon", "unused"),
        ("Spring sale", "expired"),
    ]
    assert whole.records[0].fields["expires"] == "Jan 31, 2027"


async def test_a_table_with_its_header_and_no_rows_is_an_empty_list(page):
    await page.set_content(
        "<main><h1>Disputes</h1><table><thead><tr><th>Dispute ID</th><th>Status</th></tr>"
        "</thead><tbody></tbody></table></main>"
    )
    whole = await _disputes(page)
    assert whole.records == [] and whole.empty == "a table with no rows"
