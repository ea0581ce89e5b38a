"""Full-page screenshots with password fields masked, fast enough to take at every step.

On Chromium the picture is taken over the DevTools protocol with the encoder set for
speed (about three times faster than `page.screenshot(full_page=True)` here, for PNGs
about twice as large); other browsers use Playwright's own masked screenshot. Password
fields are covered in every frame, so a sign-in form inside an iframe is masked too.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from typing import Any
from weakref import WeakKeyDictionary

from playwright.async_api import CDPSession, Frame, Page
from playwright.async_api import Error as PlaywrightError

# Password fields, and any field a page object marked as holding a secret (a one-time code):
# `automation/pages/challenge.py` SECRET_MARK.
SECRET_FIELDS = "input[type=password], [data-aliexit-secret]"
MASK_COLOR = "#ff00ff"
_MASK_CSS = (
    f"{SECRET_FIELDS} {{ color: transparent !important; caret-color: transparent !important;"
    f" text-shadow: none !important; background: {MASK_COLOR} !important; }}"
)
# Cover the frame's password fields (if any); report whether it did, and the page's size.
_MASK_ON = """([selector, css]) => {
  const hit = document.querySelector(selector) !== null;
  if (hit) {
    const style = document.createElement('style');
    style.setAttribute('data-aliexit-mask', '');
    style.textContent = css;
    document.documentElement.appendChild(style);
  }
  const root = document.scrollingElement || document.documentElement;
  return [hit, Math.ceil(root.scrollWidth), Math.ceil(root.scrollHeight),
          window.innerWidth, window.innerHeight];
}"""
_MASK_OFF = """() => {
  for (const e of document.querySelectorAll('style[data-aliexit-mask]')) e.remove();
}"""

_sessions: WeakKeyDictionary[Page, CDPSession] = WeakKeyDictionary()


async def _mask_frame(frame: Frame) -> list[Any] | None:
    try:
        return await frame.evaluate(_MASK_ON, [SECRET_FIELDS, _MASK_CSS])
    except PlaywrightError:  # a frame that went away has nothing left to show
        return None


async def _unmask_frame(frame: Frame) -> None:
    with contextlib.suppress(PlaywrightError):
        await frame.evaluate(_MASK_OFF)


async def full_page_png(page: Page) -> bytes:
    """A PNG of the whole page, every password field covered by a solid box."""
    browser = page.context.browser
    if browser is None or browser.browser_type.name != "chromium":
        return await page.screenshot(
            full_page=True, mask=[page.locator(SECRET_FIELDS)], mask_color=MASK_COLOR
        )
    session = _sessions.get(page)
    if session is None:
        session = _sessions[page] = await page.context.new_cdp_session(page)
    frames = page.frames
    found = await asyncio.gather(*(_mask_frame(frame) for frame in frames))
    masked = [frame for frame, result in zip(frames, found, strict=True) if result and result[0]]
    main = found[0] or [False, 0, 0, 0, 0]
    _, width, height, view_width, view_height = main
    params: dict[str, Any] = {"format": "png", "optimizeForSpeed": True}
    if width > view_width or height > view_height:  # a page that fits is quicker to take as is
        params["captureBeyondViewport"] = True
        params["clip"] = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
    try:
        shot = await session.send("Page.captureScreenshot", params)
    finally:
        await asyncio.gather(*(_unmask_frame(frame) for frame in masked))
    return base64.b64decode(shot["data"])
