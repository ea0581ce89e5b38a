"""The page's own sentences: the paragraphs of its main content."""

from __future__ import annotations

from playwright.async_api import Page

# Each paragraph's words, but none for a paragraph that is only a link ("Back to …").
_PARAGRAPHS = """ps => ps.map(p => {
  const words = (s) => (s || '').replace(/\\s+/g, ' ').trim();
  const text = words(p.innerText);
  const links = words([...p.querySelectorAll('a')].map(a => a.innerText).join(' '));
  return text === links ? '' : text;
}).filter(Boolean)"""


async def main_paragraphs(page: Page) -> str:
    """The paragraphs of the page's main content as sentences on one line (menus, footers
    and link-only paragraphs left out); the main content's whole text when it has none."""
    main = page.get_by_role("main")
    where = main.first if await main.count() else page.locator("body")
    texts = await where.get_by_role("paragraph").evaluate_all(_PARAGRAPHS)
    if not texts:
        return " ".join((await where.inner_text()).split())
    return " ".join(t if t[-1] in ".!?:;…" else f"{t}." for t in texts)
