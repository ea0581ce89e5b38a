"""The reason chooser against a custom list that an overlay's dismissal closes.

Most custom dropdowns close on any click outside them, and pressing a cookie banner's
"Accept" is such a click. The CI once caught the race on the `listbox-dialog` variant (the
banner showed while the list was open; accepting it closed the list; the wait for its
options never ended). This page makes the race certain: the banner shows the moment the
list opens, the first time only.
"""

from __future__ import annotations

from automation.pages.cookie_banner import answer_cookie_banners
from automation.pages.reason_chooser import ReasonChooser
from automation.pages.words import DEFAULT_VOCABULARY

REASONS = ["No longer using the platform", "Privacy concerns", "Other"]

PAGE = """
<label id="why">Why are you deactivating your account?</label>
<div id="field" style="position: relative">
  <div role="combobox" tabindex="0" aria-labelledby="why" aria-expanded="false"
       aria-controls="reasons"><span id="text">Choose a reason</span></div>
  <ul role="listbox" id="reasons" hidden>
    OPTIONS
  </ul>
  <input type="hidden" name="reason" value="">
</div>
<div id="banner" role="dialog" aria-label="Cookies" hidden
     style="position: fixed; left: 0; right: 0; bottom: 0; padding: 20px; background: #eee">
  <button type="button">Accept cookies</button>
</div>
<script>
  const combo = document.querySelector("[role=combobox]");
  const list = document.getElementById("reasons");
  const banner = document.getElementById("banner");
  const open = (yes) => {
    list.hidden = !yes;
    combo.setAttribute("aria-expanded", String(yes));
    if (yes && banner.isConnected) banner.hidden = false;
  };
  combo.addEventListener("click", (event) => { event.stopPropagation(); open(list.hidden); });
  for (const option of list.querySelectorAll("[role=option]")) {
    option.addEventListener("click", (event) => {
      event.stopPropagation();
      document.querySelector("input[name=reason]").value = option.textContent;
      document.getElementById("text").textContent = option.textContent;
      open(false);
    });
  }
  document.addEventListener("click", () => open(false));  // a click elsewhere closes it
  banner.querySelector("button").addEventListener("click", () => {
    window.accepted = (window.accepted || 0) + 1;
    banner.remove();
  });
</script>
""".replace("OPTIONS", "".join(f'<li role="option">{r}</li>' for r in REASONS))


async def test_a_list_closed_by_an_overlay_dismissal_is_opened_again(page):
    await page.set_content(PAGE)
    await answer_cookie_banners(page, DEFAULT_VOCABULARY.any_language())
    chooser = ReasonChooser(page)

    group = await chooser.find(REASONS)
    assert (group.kind, group.options) == ("combobox", REASONS)
    assert await page.evaluate("window.accepted") == 1  # the banner showed and was accepted

    await chooser.choose("Privacy concerns")
    assert await page.locator("input[name=reason]").input_value() == "Privacy concerns"
    assert await page.get_by_role("combobox").get_attribute("aria-expanded") == "false"


async def test_choosing_survives_the_list_closing_before_the_click(page):
    """The banner first shows when `choose` opens the list (not during `find`)."""
    await page.set_content(PAGE.replace("if (yes && banner", "if (yes && window.armed && banner"))
    await answer_cookie_banners(page, DEFAULT_VOCABULARY.any_language())
    chooser = ReasonChooser(page)
    await chooser.find(REASONS)
    await page.evaluate("window.armed = true")

    await chooser.choose("Other")
    assert await page.evaluate("window.accepted") == 1
    assert await page.locator("input[name=reason]").input_value() == "Other"
