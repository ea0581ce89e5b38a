"""`--download-data`: the privacy portal's copy of the account's data, kept in the bundle.

Step data-copy: "Download your data", "Request a copy", then the page is read again (with a
growing pause, each wait logged) until it offers "Download", at most --data-timeout
seconds; the file is kept in the bundle with its hash. A spreadsheet (.xlsx) is read with
openpyxl and its orders counted (distinct order numbers, by the order-number column's
wordings) against the export read from My Orders: a mismatch is a warning, never silence.
Not ready in time is exit 5 before anything is deleted.
"""

from __future__ import annotations

import asyncio
import io
import time
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from automation.errors import SiteUnexpected
from automation.flows.context import FlowContext
from automation.flows.findings import Finding
from automation.flows.language import SiteLanguage
from automation.flows.orders_export import OrdersExport
from automation.flows.steps import site_step as step
from automation.pages.privacy_portal import PrivacyPortalPage
from automation.pages.words import Words, fold

POLL_S = (1.0, 2.0, 3.0, 5.0)  # pauses between readings of the page, the last repeated


def count_orders(data: bytes, words: Words) -> dict[str, Any]:
    """Rows and distinct order numbers of a spreadsheet's sheets (the first row whose cells
    name an order-number column is taken as the header)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    labels = {fold(w) for w in words["order_id"]}
    rows, orders = 0, set()
    for sheet in book.worksheets:
        column = None
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if c is None else str(c) for c in row]
            if column is None:
                column = next((i for i, c in enumerate(cells) if fold(c) in labels), None)
                continue
            if column < len(cells) and cells[column].strip():
                rows += 1
                orders.add("".join(cells[column].split()))
    book.close()
    return {"rows": rows, "orders": len(orders)}


async def data_copy_step(
    run: FlowContext,
    page: Page,
    language: SiteLanguage,
    export: OrdersExport | None,
    timeout_s: float,
) -> dict[str, Any]:
    """Step data-copy (see the module's docstring), waiting at most `timeout_s` for the
    copy to be ready; back on the portal's first page after."""
    portal_home = page.url

    async with step(run.recorder, "data-copy", page) as handle:
        portal = PrivacyPortalPage(page, await language.detect(page))
        await portal.open_data_download()
        requested = await portal.request_copy()
        handle.note(requested=requested)
        began, waits = time.monotonic(), 0
        link = await portal.download_link()
        while link is None:
            waited = time.monotonic() - began
            if waited >= timeout_s:
                raise SiteUnexpected(
                    f"The privacy portal's copy of the data was not ready within {timeout_s:g} "
                    "s (--data-timeout); nothing was deleted. Rerun later (the copy asked for "
                    "now may be ready then), or with a longer --data-timeout."
                )
            pause = min(POLL_S[min(waits, len(POLL_S) - 1)], timeout_s - waited)
            run.recorder.log.info("data copy not ready yet", waited_s=round(waited), of_s=timeout_s)
            await asyncio.sleep(pause)
            waits += 1
            await page.reload(wait_until="domcontentloaded")
            link = await PrivacyPortalPage(page, await language.detect(page)).download_link()
        download = await portal.download(link)
        name = Path(download.suggested_filename or "data-copy.xlsx").name
        data = Path(await download.path()).read_bytes()
        await download.delete()  # the bundle keeps the only copy
        stored = f"data-copy{Path(name).suffix or '.bin'}"
        run.recorder.attach(stored, data)
        facts: dict[str, Any] = {"file": stored, "site_name": name, "bytes": len(data),
                                 "waited_s": round(time.monotonic() - began, 1)}  # fmt: skip
        if stored.endswith(".xlsx"):
            facts |= count_orders(data, portal.words)
            if export is not None:
                facts["export_orders"] = len(export.orders)
                facts["matches_export"] = facts["orders"] == len(export.orders)
        handle.note(**facts)
    run.recorder.update(data_copy=facts)
    if facts.get("matches_export") is False:
        warning = Finding(
            "data-copy",
            f"the portal's data copy lists {facts['orders']} orders but My Orders showed "
            f"{facts['export_orders']}; both files are in the bundle",
        )
        run.recorder.log.warning("warning", kind=warning.kind, text=warning.text)
        manifest = run.recorder.manifest
        run.recorder.update(warnings=[*manifest.get("warnings", []), warning.__dict__])
    await page.goto(portal_home, wait_until="domcontentloaded")
    return facts
