"""A single-choice question, however the page builds it, read from the accessibility tree.

Radio buttons, a native select, a custom combobox with a listbox popup, or a bare listbox:
each offers named options by role. The chooser finds every such group that is visible,
keeps the one whose options are the reasons we know (in any language), and chooses an
option the way a person would with that control.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Literal

from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from automation.pages.find import name_pattern
from automation.pages.words import same_words
from automation.retrying import GaveUp, RetryPolicy, with_retries

Kind = Literal["radio", "select", "combobox", "listbox"]

# The accessible name of each element, as a screen reader would announce it (the parts of
# the name computation a form control uses: aria-labelledby, aria-label, <label>, text).
_NAMES = """els => els.map(e => {
  const words = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const by = (e.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean)
    .map(id => document.getElementById(id)).filter(Boolean).map(n => n.innerText).join(' ');
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  const own = e.tagName === 'OPTION' ? e.label : e.innerText;
  return words(by) || words(e.getAttribute('aria-label')) || words(label) || words(own);
})"""
# Which question each radio button belongs to: its radiogroup or fieldset, else its name.
_RADIO_GROUPS = """els => els.map(e => {
  const box = e.closest('[role=radiogroup],fieldset');
  if (box) {
    const all = [...document.querySelectorAll('[role=radiogroup],fieldset')];
    return 'box' + all.indexOf(box);
  }
  return 'name:' + (e.getAttribute('name') || '');
})"""
# Options of a native select a person can pick (not the empty "Choose…" placeholder).
_SELECT_OPTIONS = """s => [...s.options].filter(o => o.value !== '' && !o.disabled)
  .map(o => o.label.replace(/\\s+/g, ' ').trim())"""
_IS_NATIVE_SELECT = "e => e instanceof HTMLSelectElement"
# A custom list gets this long to show its options once opened, and is opened at most this
# many times: something else may close it first (see `ReasonChooser._with_popup`).
POPUP_WAIT_MS = 5_000
POPUP_TRIES = 3
_POPUP_RETRIES = RetryPolicy(tries=POPUP_TRIES, base_ms=0)


@dataclass
class ChoiceGroup:
    """One visible single-choice control and the options it offers."""

    kind: Kind
    control: Locator  # the radios, the select, the combobox or the listbox
    options: list[str]
    members: list[int] | None = None  # radios: which of `control` belong to this question


def exact(text: str):
    """The whole name is `text` (any case, outer spaces)."""
    return name_pattern([text])


def _closed(exc: BaseException) -> str | None:
    """A popup that timed out may have been closed by something else: open it again."""
    return "the list closed" if isinstance(exc, PlaywrightTimeoutError) else None


class ReasonChooser:
    """Find and answer a single-choice question on `page` (within a part of it, if given)."""

    def __init__(self, page: Page, within: Locator | None = None) -> None:
        self.page = page
        self.scope = within if within is not None else page
        self._group: ChoiceGroup | None = None

    async def _visible(self, locator: Locator) -> list[Locator]:
        return [item for item in await locator.all() if await item.is_visible()]

    async def _with_popup(
        self, combobox: Locator, act: Callable[[Locator], Awaitable[None]]
    ) -> Locator:
        """Expand a custom combobox and `act` on its popup (the element holding the options);
        return the popup.

        Most custom lists close on any click outside them, such as the press that dismisses
        an overlay showing up just then: when `act` times out (it must give up within
        `POPUP_WAIT_MS`), the list is opened again, up to `POPUP_TRIES` times in all.
        """

        async def open_and_act(_previous: BaseException | None) -> Locator:
            if await combobox.get_attribute("aria-expanded") != "true":
                await combobox.click()
            # The popup the combobox names in its ARIA relation, else the listbox now shown.
            related = await combobox.get_attribute("aria-controls") or await combobox.get_attribute(
                "aria-owns"
            )
            popup = (
                self.page.locator(f"[id={json.dumps(related.split()[0])}]")
                if related
                else self.page.get_by_role("listbox").filter(visible=True).last
            )
            await act(popup)
            return popup

        try:
            return await with_retries(_POPUP_RETRIES, open_and_act, _closed)
        except GaveUp as exc:
            raise exc.last from None

    async def _close_popup(self, combobox: Locator) -> None:
        """Collapse the popup as a person would: the combobox again, else Escape (last, as
        Escape may also close a dialog the form sits in)."""
        if await combobox.get_attribute("aria-expanded") == "true":
            await combobox.click()
        if await combobox.get_attribute("aria-expanded") == "true":
            await combobox.press("Escape")

    async def groups(self) -> list[ChoiceGroup]:
        """Every visible single-choice control on the page with its options."""
        found: list[ChoiceGroup] = []
        radios = self.scope.get_by_role("radio").filter(visible=True)
        if await radios.count():
            names = await radios.evaluate_all(_NAMES)
            keys = await radios.evaluate_all(_RADIO_GROUPS)
            for key in dict.fromkeys(keys):
                members = [i for i, k in enumerate(keys) if k == key]
                options = [names[i] for i in members]
                found.append(ChoiceGroup("radio", radios, options, members))
        for combobox in await self._visible(self.scope.get_by_role("combobox")):
            if await combobox.evaluate(_IS_NATIVE_SELECT):
                found.append(
                    ChoiceGroup("select", combobox, await combobox.evaluate(_SELECT_OPTIONS))
                )
                continue
            popup = await self._with_popup(
                combobox, lambda p: p.get_by_role("option").first.wait_for(timeout=POPUP_WAIT_MS)
            )
            names = await popup.get_by_role("option").evaluate_all(_NAMES)
            await self._close_popup(combobox)
            found.append(ChoiceGroup("combobox", combobox, names))
        for listbox in await self._visible(self.scope.get_by_role("listbox")):
            if await listbox.evaluate(_IS_NATIVE_SELECT):
                names = await listbox.evaluate(_SELECT_OPTIONS)
                found.append(ChoiceGroup("select", listbox, names))
            else:
                names = await listbox.get_by_role("option").evaluate_all(_NAMES)
                found.append(ChoiceGroup("listbox", listbox, names))
        return found

    async def find(self, known: Iterable[str], timeout_ms: float | None = None) -> ChoiceGroup:
        """The group whose options best match `known` (the reasons in every language we
        know); the first group when none matches. Waits for one to appear."""
        any_control = (
            self.scope.get_by_role("radio")
            .or_(self.scope.get_by_role("combobox"))
            .or_(self.scope.get_by_role("listbox"))
            .filter(visible=True)
        )
        await any_control.first.wait_for(timeout=timeout_ms)
        groups = await self.groups()
        if not groups:
            raise PlaywrightTimeoutError("no radio buttons, select or listbox is visible")
        known = list(known)

        def score(group: ChoiceGroup) -> int:
            return sum(any(same_words(o, k) for k in known) for o in group.options)

        self._group = max(groups, key=score)  # max keeps the first of equals
        return self._group

    async def choose(self, option: str) -> None:
        """Choose `option` (as the page words it) in the group found by `find`."""
        group = self._group
        if group is None:
            raise RuntimeError("call find() first")
        if group.kind == "radio":
            members = group.members or list(range(len(group.options)))
            at = next(i for i, name in zip(members, group.options, strict=True) if name == option)
            await group.control.nth(at).check()
        elif group.kind == "select":
            await group.control.select_option(label=option)
        elif group.kind == "combobox":
            await self._with_popup(
                group.control,
                lambda p: p.get_by_role("option", name=exact(option)).first.click(
                    timeout=POPUP_WAIT_MS
                ),
            )
            await self._close_popup(group.control)
        else:
            await group.control.get_by_role("option", name=exact(option)).click()
