"""Buyer account deletion through the privacy portal, the path AliExpress points to today.

Steps, in order: open-site, login, my-aliexpress, the checks of `preflight` (orders-export,
disputes, wallet, coupons), privacy-portal (the buyer side's privacy link, then the portal on
its own origin), with --download-data data-copy, then delete-account, agree-typed, and
submitted + confirmation (submitted + recheck-portal when the answer was lost), or
dry-run-stop. Deletion is final: the data is not kept. The portal is trusted because the
signed-in site linked it, for navigation and the confirmation box only: no credential is
ever typed there. The irreversible click happens in exactly one place, guarded by `dry_run`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import Settings, account_label
from automation.errors import SiteUnexpected
from automation.flows.context import Checked, FlowContext, FlowResult, RunOptions, RunResult
from automation.flows.data_copy import data_copy_step
from automation.flows.findings import check_submitting
from automation.flows.language import SiteLanguage
from automation.flows.preflight import BLOCKER_KINDS, BuyerClosing, buyer_checks
from automation.flows.runner import run_flow
from automation.flows.safety import may_open_portal, origin
from automation.flows.sign_in import open_my_aliexpress
from automation.flows.site_page import new_site_page
from automation.flows.steps import retried_step
from automation.flows.steps import site_step as step
from automation.flows.submission import (
    Arrival,
    LostAnswer,
    dry_run_stop,
    not_enabled,
    settle_lost_answer,
    submitted_step,
)
from automation.pages.home import HomePage
from automation.pages.my_aliexpress import PRIVACY_SETTINGS, MyAliExpressPage
from automation.pages.paragraphs import main_paragraphs
from automation.pages.privacy_portal import DeletionState, PrivacyPortalPage

PRIVACY_PORTAL = {"path": "privacy-portal", "effect": "deletion"}
DELETION_EFFECT = "deletion: final, the account's data is not kept"
DELETION_MEANS = f"a {DELETION_EFFECT}"
ACTION = "Deletion"
# At most this long, once "agree" is typed, for "Delete" to become enabled.
DELETE_GRACE_MS = 5_000


@dataclass(frozen=True)
class DeleteRequest(BuyerClosing):
    """What `aliexit delete` is asked: whether to take the portal's copy of the data first."""

    download_data: bool = False  # --download-data
    data_timeout_s: float = 300.0  # --data-timeout: how long the copy may take to be ready

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of them."""
        return {**super().evidence(), "download_data": self.download_data}


async def open_privacy_portal(run: FlowContext, page: Page, language: SiteLanguage) -> str:
    """Step privacy-portal: from My AliExpress (else Edit Member Profile), follow the
    privacy link to the portal; its origin, once checked. `SiteUnexpected` (exit 5) when the
    link leads to a host that is not a portal of the site, the hand-off is refused, or the
    portal asks for a password."""

    async def follow(handle: StepHandle) -> str:
        words = await language.detect(page)
        await HomePage(page, words, language.anywhere).go_to_my_aliexpress()
        dashboard = MyAliExpressPage(page, await language.detect(page))
        await dashboard.wait_until_shown()
        link = await dashboard.privacy_link()
        if link is None:
            await dashboard.open_edit_member_profile()
            link = await MyAliExpressPage(page, await language.detect(page)).privacy_link()
        if link is None:
            raise await dashboard.find.missing([PRIVACY_SETTINGS])
        target = await link.locator.evaluate("a => a.href || null")
        handle.note(privacy_link=target)
        async with page.expect_navigation(wait_until="domcontentloaded") as landing:
            await link.locator.click()
        response = await landing.value
        where = origin(page.url)
        handle.note(portal_origin=where)
        if not may_open_portal(page.url, run.base_url, run.options.live):
            raise SiteUnexpected(
                f"The privacy link led to {where}, which is not a privacy portal of the site "
                f"you named ({origin(run.base_url)}); nothing was done there. Check the site."
            )
        if response is not None and response.status >= 400:
            says = await main_paragraphs(page)
            raise SiteUnexpected(
                f"The privacy portal refused the hand-off from the site (HTTP "
                f'{response.status}: "{says}"); nothing was deleted. Rerun to get a new one.'
            )
        portal = PrivacyPortalPage(page, await language.detect(page))
        if await portal.asks_for_password():
            raise SiteUnexpected(
                f"The privacy portal at {where} asks for a password; aliexit types credentials "
                "only into the site you named, so nothing was typed. Open the portal from the "
                "site in a browser, or report the page."
            )
        await portal.wait_until_shown()
        return where

    where = await retried_step(run, "privacy-portal", page, follow)
    run.recorder.update(portal_origin=where)
    return where


async def delete_steps(run: FlowContext[DeleteRequest]) -> FlowResult:
    """The deletion flow over the pages of the site and its privacy portal."""
    settings, recorder, request = run.settings, run.recorder, run.request
    language = SiteLanguage(run.options.locale, run.vocabulary)
    account = account_label(settings.login)
    recorder.update(**PRIVACY_PORTAL)
    recorder.add_facts(
        {"Path": "privacy portal", "Effect": DELETION_EFFECT, "Data copy": request.download_data}
    )
    page = await new_site_page(run)
    gone = await open_my_aliexpress(run, page, language)
    if gone is not None:
        return gone
    words = await language.detect(page)
    recorder.update(locale=run.options.locale, site_language=words.lang)

    found, blocking = await buyer_checks(run, page, words, request, stopped="Not deleted")
    await open_privacy_portal(run, page, language)
    if request.download_data:
        await data_copy_step(run, page, language, found.export, request.data_timeout_s)

    async def read_deletion(handle: StepHandle) -> DeletionState:
        state = await PrivacyPortalPage(page, await language.detect(page)).deletion_state()
        handle.note(deletion=state)
        return state

    portal_home = page.url
    if await retried_step(run, "delete-account", page, read_deletion) == "pending":
        return FlowResult(
            "already_pending",
            f"A deletion request for {account} is already being processed; the goal state "
            "holds and nothing was submitted.",
        )
    delete_page = page.url
    portal = PrivacyPortalPage(page, await language.detect(page))
    phrase = portal.words.name("agree_phrase")

    async with step(recorder, "agree-typed", page) as handle:
        dialog = await portal.open_confirmation()
        await portal.type_agree(phrase)
        handle.note(typed=phrase, in_dialog=dialog is not None)
        if not await portal.delete_ready(DELETE_GRACE_MS):
            raise not_enabled(portal.words.name("delete"))
    button = (portal.delete_button.wording if portal.delete_button else None) or "Delete"

    if request.submit.dry_run:
        await dry_run_stop(run, page, button, blocking)
        return FlowResult(
            "dry_run_complete",
            f'Dry run complete for {account}: "{phrase}" is typed in the privacy portal and '
            f'the "{button}" button is enabled; nothing was deleted ({DELETION_MEANS}).',
        )

    rejected = "The privacy portal did not accept the confirmation; nothing was deleted"
    todo = "see the screenshot in the bundle and rerun."
    lost = await submitted_step(
        run, page, portal.delete, portal.received, portal.errors, rejected, todo
    )
    if lost is not None:
        return await _settle_uncertain_deletion(run, page, language, lost, delete_page)
    async with step(recorder, "confirmation", page) as handle:
        summary = await portal.summary()
        handle.note(site_says=summary, portal_home=portal_home)
    return FlowResult(
        "submitted",
        f"Deletion of {account} requested through the privacy portal ({DELETION_MEANS}). "
        f"The portal says: {summary}",
    )


async def _settle_uncertain_deletion(
    run: FlowContext, page: Page, language: SiteLanguage, lost: str, delete_page: str
) -> FlowResult:
    """After a deletion request whose answer was lost, read the portal again."""
    account = account_label(run.settings.login)

    async def reread() -> tuple[Arrival, dict[str, Any]]:
        await page.goto(delete_page, wait_until="domcontentloaded")
        state = await PrivacyPortalPage(page, await language.detect(page)).deletion_state()
        return ("arrived" if state == "pending" else "absent"), {"deletion": state}

    return await settle_lost_answer(run, page, lost, reread, LostAnswer(
        "recheck-portal",
        arrived=lambda read: f"Deletion of {account} requested through the privacy portal "
        f"({DELETION_MEANS}). The confirmation page was lost ({read['lost']}), so aliexit "
        "read the portal again: it says the deletion is being processed.",
        absent=lambda read: f"The deletion request did not reach the privacy portal "
        f"({read['lost']}): it still offers to delete the account and nothing was deleted; "
        "it is safe to rerun.",
        unclear=lambda read: f"The answer to the deletion request was lost ({read['lost']}); "
        "check the account on the privacy portal before rerunning.",
    ))  # fmt: skip


async def run_delete(options: RunOptions, request: DeleteRequest) -> RunResult:
    """Run `aliexit delete` and record it."""
    action = "deletes (for good, through the privacy portal)"

    def check(request: DeleteRequest, settings: Settings) -> Checked[DeleteRequest]:
        return Checked(request, check_submitting(request.submit, settings, options,
                                                 BLOCKER_KINDS, action))  # fmt: skip

    return await run_flow(
        options, request, check, delete_steps, action=ACTION, downloads=request.download_data
    )
