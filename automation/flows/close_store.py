"""Seller store closure through the exit service: self-inspection, a copy, the application.

Steps, in order: open-site, login, my-aliexpress (the shared sign-in), seller-center,
store-management, exit-service, self-inspection, inspect-orders, inspect-fines,
inspect-violations, inspect-returns, inspect-products, inspect-funds, store-export,
application-form, form-filled, then submitted + confirmation (submitted + recheck-store when
the answer to the application was lost), or dry-run-stop. Steps that only read or navigate
are retried on transient failures; the application's POST is sent exactly once.
Blockers stop a real run after the export, before the form; a dry run walks on, fills the
form and then reports them (exit 3). The irreversible click happens in exactly one place,
guarded by `dry_run`.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from playwright.async_api import Page

from automation.audit.recorder import StepHandle
from automation.config import Settings, account_label, mask_account
from automation.errors import LoginFailed, SiteUnexpected, UsageError
from automation.flows.choice import Pick, pick_option
from automation.flows.context import (
    Checked,
    FlowContext,
    FlowResult,
    RunOptions,
    RunResult,
    Submitting,
)
from automation.flows.findings import Finding, Findings, check_submitting, plural
from automation.flows.language import SiteLanguage
from automation.flows.runner import run_flow
from automation.flows.sign_in import open_my_aliexpress
from automation.flows.site_page import new_site_page
from automation.flows.steps import retried_step
from automation.flows.steps import site_step as step
from automation.flows.store_export import (
    CheckResult,
    StoreInspection,
    inspect_checks,
    positive,
    read_summary,
    store_export_step,
)
from automation.flows.submission import (
    Arrival,
    LostAnswer,
    dry_run_stop,
    not_enabled,
    settle_lost_answer,
    submitted_step,
)
from automation.pages.seller.application_form import ApplicationFormPage
from automation.pages.seller.application_result import ApplicationResultPage
from automation.pages.seller.self_inspection import SelfInspectionPage
from automation.pages.seller.seller_center import SellerCenterPage
from automation.pages.seller.store_management import StoreManagementPage
from automation.pages.words import DEFAULT_VOCABULARY, Vocabulary, Words

BLOCKER_KINDS = {
    "orders": "incomplete orders",
    "fines": "unpaid fines and penalties",
    "violations": "violation cases",
    "returns": "open returns and refunds",
    "inventory": "products with units in stock",
    "funds": "money in the store funds",
}
ACTION = "Store closure"
DEFAULT_REASON = "other"
MIN_STATEMENT_CHARS = 20
# What a dry run without --statement writes into "Closing statement" (it is never submitted).
DRY_RUN_STATEMENT = "Rehearsal by aliexit (dry run): this application is not submitted."
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LISTED = 5  # item references named per blocker before "and N more"


@dataclass(frozen=True)
class CloseStoreRequest:
    """What `aliexit close-store` is asked: the run's choices and the application's inputs."""

    submit: Submitting
    reason: str | None = None  # --reason
    statement: str | None = None  # --statement
    statement_file: Path | None = None  # --statement-file
    contact_email: str | None = None  # --contact-email

    def evidence(self) -> dict[str, Any]:
        """What the manifest records of them (the statement only once checked)."""
        return {**self.submit.evidence(), "reason_requested": self.reason}


@dataclass(frozen=True)
class Application:
    """The application, validated before any browser starts."""

    reason: str | None
    statement: str
    statement_source: str  # "--statement", "--statement-file" or "dry-run placeholder"
    contact_email: str

    def facts(self) -> dict[str, str]:
        """What the report shows of it."""
        evidence = self.evidence()
        return {
            "Closing statement": f"{evidence['statement_chars']} characters "
            f"({self.statement_source}), SHA-256 {evidence['statement_sha256']}",
            "Contact email": evidence["contact_email"],
        }

    def evidence(self) -> dict[str, Any]:
        """What the manifest records about it (the statement by length and hash)."""
        return {
            "statement_source": self.statement_source,
            "statement_chars": len(self.statement),
            "statement_sha256": hashlib.sha256(self.statement.encode()).hexdigest(),
            "contact_email": mask_account(self.contact_email),
        }


@dataclass(frozen=True)
class StoreClosing:
    """The request once checked: the run's choices and the application to file."""

    submit: Submitting
    application: Application


def read_statement(request: CloseStoreRequest, dry_run: bool) -> tuple[str, str]:
    """The closing statement (trimmed) and where it came from; `UsageError` when unusable."""
    if request.statement is not None and request.statement_file is not None:
        raise UsageError(
            "Give the closing statement once: --statement TEXT or --statement-file PATH, not both."
        )
    if request.statement_file is not None:
        try:
            text = request.statement_file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not UTF-8"
            raise UsageError(
                f"Cannot read --statement-file {request.statement_file} ({reason}); give a "
                "readable UTF-8 text file, or the text itself with --statement."
            ) from None
        text, source = text.strip(), "--statement-file"
    elif request.statement is not None:
        text, source = request.statement.strip(), "--statement"
    elif dry_run:
        return DRY_RUN_STATEMENT, "dry-run placeholder"
    else:
        raise UsageError(
            "A real run files a written application: give the closing statement with "
            f"--statement TEXT or --statement-file PATH (at least {MIN_STATEMENT_CHARS} "
            "characters), or rehearse with --dry-run."
        )
    if not text:
        raise UsageError(
            f"The closing statement ({source}) is empty; write at least "
            f"{MIN_STATEMENT_CHARS} characters saying why the store closes."
        )
    if len(text) < MIN_STATEMENT_CHARS:
        raise UsageError(
            f"The closing statement ({source}) has {len(text)} characters; the site needs at "
            f"least {MIN_STATEMENT_CHARS}: write a sentence or two saying why the store closes."
        )
    return text, source


def contact_email_for(request: CloseStoreRequest, login: str | None) -> str:
    """--contact-email, else the login when it is an email address; `UsageError` otherwise."""
    email = (request.contact_email or "").strip()
    if not email:
        if not _EMAIL.match(login or ""):
            raise UsageError(
                "ALIEXPRESS_LOGIN is not an email address (a member ID, or not set with "
                "--session); give the application's contact address with --contact-email."
            )
        return login
    if not _EMAIL.match(email):
        raise UsageError(
            f"--contact-email {email!r} is not an email address; give one like name@example.com."
        )
    return email


def validate_application(
    request: CloseStoreRequest, settings: Settings, dry_run: bool
) -> Application:
    """Check the application's inputs before any browser starts."""
    statement, source = read_statement(request, dry_run)
    return Application(
        reason=request.reason,
        statement=statement,
        statement_source=source,
        contact_email=contact_email_for(request, settings.login),
    )


def choose_reason(
    requested: str | None, offered: list[str], vocabulary: Vocabulary = DEFAULT_VOCABULARY
) -> Pick:
    """The offered "Reason for closing" that answers --reason (a key, any wording, the page's
    text, or shared words), by default "Other"; `UsageError` listing the offered ones."""
    keyed = vocabulary.keyed_everywhere("close_reason")
    return pick_option(requested, offered, keyed, DEFAULT_REASON, question="closing reason")


def _named(refs: list[str]) -> str:
    shown = ", ".join(refs[:LISTED])
    return shown + (f" and {len(refs) - LISTED} more" if len(refs) > LISTED else "")


def _totals(items: list[dict[str, Any]], field: str) -> str:
    """The items' amounts summed per currency ("12.90 USD + 4.00 EUR"); "" when the page
    showed none."""
    sums: dict[str, Decimal] = defaultdict(Decimal)
    for item in items:
        if item.get(field) is not None:
            sums[item.get("currency") or ""] += Decimal(item[field])
    return " + ".join(f"{amount:,.2f} {currency}".strip() for currency, amount in sums.items())


def find_blockers(checks: dict[str, CheckResult], words: Words) -> list[Finding]:
    """One finding per kind of blocker: what and how many, and what to do about it."""
    found: list[Finding] = []

    def add(kind: str, what: str, refs: list[str], todo: str) -> None:
        todo = todo.replace("them", "it") if len(refs) == 1 else todo
        found.append(Finding(kind, f"{what} ({_named(refs)}): {todo} (or --ignore-blocker {kind})"))

    orders = checks["orders"]
    if orders.count:
        what = plural(orders.count, "incomplete order", "incomplete orders")
        refs = [i["order_number"] or "?" for i in orders.items]
        totals = _totals(orders.items, "order_total")
        worth = f" worth {totals}" if totals else ""
        add("orders", f"{what}{worth}", refs, "ship and complete or cancel them")
    fines = checks["fines"]
    if fines.count:
        what = plural(fines.count, "unpaid fine or penalty", "unpaid fines and penalties")
        refs = [i["penalty_id"] or "?" for i in fines.items]
        totals = _totals(fines.items, "amount")
        worth = f" totalling {totals}" if totals else ""
        add("fines", f"{what}{worth}", refs, "pay or appeal them")
    violations = checks["violations"]
    if violations.count:
        what = plural(violations.count, "violation case", "violation cases")
        refs = [f"{i['case_id']} {(i['type'] or '').lower()}".strip() for i in violations.items]
        add("violations", what, refs, "have them resolved or appeal them")
    returns = checks["returns"]
    if returns.count:
        what = plural(returns.count, "open return or refund", "open returns and refunds")
        refs = [f"{i['request_id']} {(i['type'] or '').lower()}".strip() for i in returns.items]
        add("returns", what, refs, "settle them with the buyers")
    products = checks["inventory"]
    stocked = [i for i in products.items if (i.get("stock") or 0) > 0]
    if stocked or (products.units or 0) > 0:
        units = sum(i["stock"] for i in stocked) or products.units or 0
        what = (
            f"{plural(len(stocked), 'product', 'products')} with "
            f"{plural(units, 'unit', 'units')} in stock"
        )
        refs = [i["product_id"] or "?" for i in stocked]
        add("inventory", what, refs, "sell the units, set the stock to 0 or remove them")
    funds = checks["funds"]
    if positive(funds.amount):
        amount = f"{Decimal(funds.amount or '0'):,.2f} {funds.currency or ''}".strip()
        found.append(Finding(
            "funds",
            f"{amount} in {checks['funds'].name.lower()}: withdraw them "
            "(or --ignore-blocker funds)",
        ))  # fmt: skip
    return found


async def close_store_steps(run: FlowContext[StoreClosing]) -> FlowResult:
    """The store closure over the pages of the seller center."""
    recorder, submit, application = run.recorder, run.request.submit, run.request.application
    language = SiteLanguage(run.options.locale, run.vocabulary)
    account = account_label(run.settings.login)
    recorder.add_facts(application.facts())
    page = await new_site_page(run)
    gone = await open_my_aliexpress(run, page, language)
    if gone is not None:
        raise LoginFailed(
            f"The account {account} is already deactivated and cannot sign in, so its store "
            "cannot be closed through it; sign in with the store owner's active account."
        )
    words = await language.detect(page)
    center = SellerCenterPage(page, words)

    async def open_seller_center(handle: StepHandle) -> tuple[bool, str | None]:
        await center.open_from_header()
        has_store = await center.has_store()
        message = None if has_store else await center.no_store_text()
        handle.note(has_store=has_store, **({"site_says": message} if message else {}))
        return has_store, message

    has_store, message = await retried_step(run, "seller-center", page, open_seller_center)
    if not has_store:
        recorder.update(store=None)
        raise SiteUnexpected(
            f"The account {account} has no store (the {words.name('seller_center')} says: "
            f'"{message}"); there is nothing to close: check ALIEXPRESS_LOGIN.'
        )

    manage = StoreManagementPage(page, words)

    async def read_store(handle: StepHandle) -> FlowResult | dict[str, str | None]:
        await center.open_store_management()
        await manage.wait_until_shown()
        store = await manage.store()
        handle.note(**store)
        recorder.update(store=store)
        recorder.add_facts({"Store": f"{_store_label(store)}, {store['status']} when checked"})
        label = _store_label(store)
        if store["status_key"] == "frozen":
            since = await manage.frozen_since()
            handle.note(site_says=since)
            return FlowResult(
                "already_frozen",
                f"The store {label} of {account} is already frozen"
                + (f' (the site says: "{since}")' if since else "")
                + "; the goal state holds and nothing was submitted.",
            )
        if store["status_key"] != "open":
            known = ", ".join(f'"{w}"' for ws in words.keyed("store_status").values() for w in ws)
            raise SiteUnexpected(
                f"The {words.name('store_management')} page gives the store status as "
                f"{store['status']!r}, none of {known}; add the site's wording with --words "
                "FILE, or see the screenshot in the bundle."
            )
        return store

    read = await retried_step(run, "store-management", page, read_store)
    if isinstance(read, FlowResult):
        return read
    store, label = read, _store_label(read)

    listing = SelfInspectionPage(page, words)

    async def open_self_inspection(handle: StepHandle) -> None:
        await manage.start_exit_service()
        await listing.wait_until_shown()

    await retried_step(run, "exit-service", page, open_self_inspection)

    async with step(recorder, "self-inspection", page) as handle:
        inspection = StoreInspection(store, read_summary(await listing.checks(), words))
        stated = {k: c.count if k != "funds" else f"{c.amount} {c.currency}"
                  for k, c in inspection.checks.items()}  # fmt: skip
        handle.note(**stated)
        recorder.update(checks=stated)

    await inspect_checks(run, page, words, inspection)
    await store_export_step(run, page, words, inspection)

    findings = Findings(blockers=find_blockers(inspection.checks, words))
    blocking = findings.settle(recorder, submit, stopped="Store not closed")
    overridden = findings.overridden(submit.ignore_blockers)

    form = ApplicationFormPage(page, words)

    async def open_application(handle: StepHandle) -> Pick:
        # "Continue to application" posts, but only to go on: the site files nothing yet.
        await listing.continue_to_application()
        await form.wait_until_shown()
        reasons = run.vocabulary.keyed_everywhere("close_reason")
        offered = await form.offered_reasons([w for ws in reasons.values() for w in ws])
        handle.note(offered_reasons=offered)
        return choose_reason(application.reason, offered, run.vocabulary)

    reason = await retried_step(run, "application-form", page, open_application)
    recorder.update(reason=reason.text, reason_match=reason.how)

    async with step(recorder, "form-filled", page) as handle:
        await form.fill(reason.text, application.statement, application.contact_email)
        handle.note(reason=reason.text, reason_key=reason.key, **application.evidence())
        if not await form.submit_ready():
            raise not_enabled(words.name("submit_application"))
    button = (form.submit_button.wording if form.submit_button else None) or words.name(
        "submit_application"
    )

    if submit.dry_run:
        await dry_run_stop(run, page, button, blocking)
        checks = (
            f"every check is clear except those you overrode ({', '.join(overridden)})"
            if overridden
            else "every check is clear"
        )
        return FlowResult(
            "dry_run_complete",
            f"Dry run complete for the store {label} of {account}: {checks}, the application "
            f'is filled and the "{button}" button is enabled; nothing was submitted.',
        )

    result_page = ApplicationResultPage(page, words)
    rejected = "The site rejected the application; the store was not frozen"
    todo = "correct what it names (--statement, --contact-email, --reason) and rerun."
    lost = await submitted_step(
        run, page, form.submit, result_page.heading, form.errors, rejected, todo
    )
    if lost is not None:
        return await _settle_uncertain_application(run, page, words, label, lost)

    async with step(recorder, "confirmation", page) as handle:
        await result_page.wait_until_shown()
        summary = await result_page.summary()
        handle.note(site_says=summary)
    return FlowResult(
        "submitted",
        f"Exit service application for the store {label} of {account} submitted. "
        f"The site says: {summary}",
    )


def _store_label(store: dict[str, str | None]) -> str:
    return f'"{store["name"]}" ({store["store_id"]})'


async def _settle_uncertain_application(
    run: FlowContext, page: Page, words: Words, label: str, lost: str
) -> FlowResult:
    """After an application whose answer was lost, re-read the store and report the truth."""
    account = account_label(run.settings.login)
    center, manage = SellerCenterPage(page, words), StoreManagementPage(page, words)
    where = words.name("store_management")

    async def reread() -> tuple[Arrival, dict[str, Any]]:
        await page.goto(run.base_url)
        await center.open_from_header()
        await center.open_store_management()
        await manage.wait_until_shown()
        store = await manage.store()
        arrival = {"frozen": "arrived", "open": "absent"}.get(store["status_key"] or "", "unclear")
        return arrival, {"status": store["status"]}

    return await settle_lost_answer(run, page, lost, reread, LostAnswer(
        "recheck-store",
        arrived=lambda read: f"Exit service application for the store {label} of {account} "
        f"submitted. The confirmation page was lost ({read['lost']}), so aliexit re-read the "
        f'store: {where} gives its status as "{read["status"]}".',
        absent=lambda read: f"The exit service application did not reach the site "
        f"({read['lost']}): the store {label} is still open and nothing was filed; it is "
        "safe to rerun.",
        unclear=lambda read: f"The answer to the exit service application was lost "
        f"({read['lost']}) and {where} gives the store status as {read['status']!r}; check "
        "the store on the site before rerunning.",
    ))  # fmt: skip


async def run_close_store(options: RunOptions, request: CloseStoreRequest) -> RunResult:
    """Run `aliexit close-store` and record it."""

    def check(request: CloseStoreRequest, settings: Settings) -> Checked[StoreClosing]:
        submit = request.submit
        application = validate_application(request, settings, submit.dry_run)
        consent = check_submitting(submit, settings, options, BLOCKER_KINDS,
                                   "closes the store of")  # fmt: skip
        return Checked(StoreClosing(submit, application), {**application.evidence(), **consent})

    return await run_flow(options, request, check, close_store_steps, action=ACTION)
