"""`aliexit export`: sign in and save the whole order history, nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from automation.flows.context import FlowContext, FlowResult, RunOptions, RunResult, unchecked
from automation.flows.language import SiteLanguage
from automation.flows.preflight import export_orders_step
from automation.flows.runner import run_flow
from automation.flows.sign_in import open_my_aliexpress
from automation.flows.site_page import new_site_page


@dataclass(frozen=True)
class ExportRequest:
    """What `aliexit export` is asked: where to save the history besides the bundle."""

    out_dir: Path | None = None  # --out

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of it."""
        return {"out_dir": str(self.out_dir) if self.out_dir else None}


async def export_steps(run: FlowContext[ExportRequest]) -> FlowResult:
    """Steps open-site, login, my-aliexpress, orders-export."""
    language = SiteLanguage(run.options.locale, run.vocabulary)
    page = await new_site_page(run)
    gone = await open_my_aliexpress(run, page, language)
    if gone is not None:
        return FlowResult(gone.outcome, f"{gone.sentence} There is no order history to export.")
    words = await language.detect(page)
    run.recorder.update(locale=run.options.locale, site_language=words.lang)
    where = run.request.out_dir
    run.recorder.add_facts({"Orders saved to": str(where) if where else "the bundle"})
    export = await export_orders_step(run, page, words, where)
    count = f"{len(export.orders)} orders ({export.counted()})"
    return FlowResult(
        "exported",
        f"Exported {count} to {where / 'orders.json'} and {where / 'orders.csv'}."
        if where
        else f"Exported {count} into the bundle.",
    )


async def run_export(options: RunOptions, request: ExportRequest) -> RunResult:
    """Run `aliexit export` and record it."""
    return await run_flow(options, request, unchecked, export_steps, action="Export")
