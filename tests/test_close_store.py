"""`aliexit close-store` end to end: a real Chromium against the real mock seller center."""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, GONE, SECOND, SIGN_IN_STEPS, credentials, persona

STATEMENT = "We are moving our business to our own web shop; thank you for the years here."
SELLER_STEPS = ["seller-center", "store-management", "exit-service", "self-inspection"]
INSPECT_STEPS = [
    "inspect-orders", "inspect-fines", "inspect-violations", "inspect-returns",
    "inspect-products", "inspect-funds",
]  # fmt: skip
TO_EXPORT = [*SIGN_IN_STEPS, *SELLER_STEPS, *INSPECT_STEPS, "store-export"]
TO_FORM = [*TO_EXPORT, "application-form", "form-filled"]
SECRETS = [DEMO["ALIEXPRESS_PASSWORD"], SECOND["ALIEXPRESS_PASSWORD"], "demo-Passw0rd!"]
SESSION_COOKIE = re.compile(rb"aliexpress_session=([^;\"\s\\]*)")

# What still stands in the way, from the fixture's own words (the mock's rules, restated).
INCOMPLETE = {"awaiting_payment", "awaiting_shipment", "shipped"}
UNPAID = {"unpaid", "overdue"}
OPEN_CASES = {"open", "under_appeal"}
OPEN_RETURNS = {"awaiting_seller", "in_progress"}
# The page's wording of the fixture's status and type keys.
LABELS = {
    "awaiting_payment": "Awaiting payment", "awaiting_shipment": "Awaiting shipment",
    "shipped": "Shipped", "unpaid": "Unpaid", "overdue": "Overdue", "online": "Online",
    "offline": "Offline", "open": "Open", "under_appeal": "Under appeal",
    "false_transaction": "False transaction",
    "ip_infringement": "Intellectual property infringement", "return": "Return",
    "refund": "Refund", "awaiting_seller": "Awaiting your response", "in_progress": "In progress",
}  # fmt: skip


def seller(name: str) -> str:
    return f"seller.{name}@example.com"


def store_of(login: str) -> dict[str, Any]:
    return persona(login)["store"]


def open_items(login: str) -> dict[str, list[dict[str, Any]]]:
    """The fixture's records each check lists, by blocker kind."""
    store = store_of(login)
    return {
        "orders": [o for o in store.get("orders", []) if o["status"] in INCOMPLETE],
        "fines": [f for f in store.get("fines", []) if f["status"] in UNPAID],
        "violations": [v for v in store.get("violations", []) if v["status"] in OPEN_CASES],
        "returns": [r for r in store.get("returns", []) if r["status"] in OPEN_RETURNS],
        "inventory": list(store.get("products", [])),
    }


def expected_blockers(login: str) -> dict[str, list[str]]:
    """Blocker kind -> references the report must name, from the fixture alone."""
    items = open_items(login)
    found = {
        "orders": [o["number"] for o in items["orders"]],
        "fines": [f["penalty_id"] for f in items["fines"]],
        "violations": [v["case_id"] for v in items["violations"]],
        "returns": [r["request_id"] for r in items["returns"]],
        "inventory": [p["product_id"] for p in items["inventory"] if p["stock"] > 0],
    }
    funds = store_of(login).get("funds") or {}
    total = Decimal(funds.get("available", "0")) + Decimal(funds.get("pending", "0"))
    found["funds"] = [f"{total:,.2f} {funds.get('currency', '')}"] if total > 0 else []
    return {kind: refs for kind, refs in found.items() if refs}


def stores_state(mock_site, login: str) -> dict[str, Any]:
    with urllib.request.urlopen(f"{mock_site.url}/__mock__/stores/{login}") as answer:
        return json.load(answer)


def close_store(run_cli, mock_site, login: str, *flags: str, env: dict | None = None):
    return run_cli("close-store", "--base-url", mock_site.url, *flags,
                   env=env or credentials(login))  # fmt: skip


def assert_no_secret(run) -> None:
    """No password or session cookie value in any file of the bundle, nor on the terminal."""
    files = [(p, p.read_bytes()) for p in run.bundle.rglob("*") if p.is_file()]
    assert files
    for secret in SECRETS:
        assert secret not in run.stdout + run.stderr
        for path, data in files:
            assert secret.encode() not in data, f"password in {path}"
    values = [v for _, data in files for v in SESSION_COOKIE.findall(data)]
    assert all(value in (b"", b"***") for value in values), "session cookie in bundle"


# --- blockers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["orders", "fines", "violations", "returns", "inventory", "funds", "all"]
)
def test_dry_run_finds_each_personas_blockers_exactly_and_exits_3(run_cli, mock_site, name):
    login = seller(name)
    run = close_store(run_cli, mock_site, login, "--dry-run")
    assert run.returncode == 3, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "blocked"
    assert run.step_names == [*TO_FORM, "dry-run-stop"]  # the dry run walked on to the form
    expected = expected_blockers(login)
    assert (name == "all" and len(expected) == 6) or list(expected) == [name]
    assert [b["kind"] for b in manifest["blockers"]] == list(expected)
    for blocker in manifest["blockers"]:
        for ref in expected[blocker["kind"]]:
            assert ref in blocker["text"] and ref in run.stderr, ref
        assert f"--ignore-blocker {blocker['kind']}" in blocker["text"]
    things = "6 things" if name == "all" else "1 thing"
    assert f"a real run would stop here: {things} must be resolved first" in run.stderr
    state = stores_state(mock_site, login)
    assert state["status"] == "open" and state["submissions"] == 0


def test_real_run_with_blockers_stops_after_the_export_before_the_form(run_cli, mock_site):
    login = seller("all")
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT)
    assert run.returncode == 3, run.stderr
    assert run.step_names == TO_EXPORT
    assert "Store not closed: 6 things must be resolved first" in run.stderr
    for kind in ("orders", "fines", "violations", "returns", "inventory", "funds"):
        assert f"--ignore-blocker {kind}" in run.stderr
    assert (run.bundle / "store-export.json").is_file()
    assert stores_state(mock_site, login)["submissions"] == 0


def test_override_submits_and_records_it(run_cli, mock_site):
    login = seller("inventory")
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT,
                      "--ignore-blocker", "inventory")  # fmt: skip
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "submitted"
    assert manifest["overrides"] == ["inventory"]
    assert manifest["ignore_blockers"] == ["inventory"]
    assert [b["kind"] for b in manifest["blockers"]] == ["inventory"]
    overridden = [e for e in run.log_lines if e.get("event") == "blockers overridden"]
    assert overridden and overridden[0]["kinds"] == ["inventory"]
    state = stores_state(mock_site, login)
    assert state["status"] == "frozen" and state["submissions"] == 1


def test_dry_run_with_an_override_names_it_and_files_nothing(run_cli, mock_site):
    login = seller("inventory")
    run = close_store(run_cli, mock_site, login, "--dry-run", "--ignore-blocker", "inventory")
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
    assert "every check is clear except those you overrode (inventory)" in run.stdout
    assert stores_state(mock_site, login)["submissions"] == 0


def test_overriding_one_kind_still_stops_on_the_others(run_cli, mock_site):
    login = seller("all")
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT,
                      "--ignore-blocker", "funds")  # fmt: skip
    assert run.returncode == 3
    assert run.manifest["overrides"] == ["funds"]
    assert "--ignore-blocker funds" not in run.stderr.split("Resolve them")[1]
    assert "in store funds" not in run.stderr
    assert stores_state(mock_site, login)["submissions"] == 0


def test_unknown_blocker_kind_is_refused_before_any_browser(run_cli, mock_site):
    run = close_store(run_cli, mock_site, seller("clean"), "--dry-run",
                      "--ignore-blocker", "wallet")  # fmt: skip
    assert run.returncode == 2
    assert "Unknown --ignore-blocker wallet; use one of: orders" in run.stderr
    assert "browser" not in run.manifest and run.manifest["steps"] == []


# --- a real submission, and the freeze ---------------------------------------------------


class Browserless:
    """A person's HTTP session on the mock: sign in, then post the site's own forms."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path) as answer:
            return answer.read().decode()

    def post(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        token = re.search(r'name="csrf_token" value="([^"]+)"', self.get("/login")).group(1)
        data = urllib.parse.urlencode({**fields, "csrf_token": token}).encode()
        try:
            with self.opener.open(self.base + path, data=data) as answer:
                return answer.status, answer.read().decode()
        except urllib.error.HTTPError as refused:
            return refused.code, refused.read().decode()

    def sign_in(self, login: str) -> None:
        status, _ = self.post("/login", {"login": login, "password": persona(login)["password"]})
        assert status == 200


def test_real_submission_freezes_the_store_for_real(run_cli, mock_site):
    login = seller("clean")
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT, "--reason",
                      "moving to another platform", "--trace")  # fmt: skip
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "submitted"
    assert run.step_names == [*TO_FORM, "submitted", "confirmation"]
    assert all(step["status"] == "ok" and step["screenshot"] for step in manifest["steps"])
    assert manifest["blockers"] == [] and "overrides" not in manifest
    site_says = manifest["steps"][-1]["notes"]["site_says"]
    assert site_says.startswith("Store status: Frozen. Application date: ")
    assert "Back to Store Management" not in site_says  # the page's message, not its links
    assert "Store status: Frozen" in run.stdout
    state = stores_state(mock_site, login)
    assert state["status"] == "frozen" and state["submissions"] == 1
    (application,) = state["applications"]
    assert application["reason"] == "Moving to another platform"
    assert application["statement"] == STATEMENT
    assert application["contact_email"] == login
    assert_no_secret(run)

    owner = Browserless(mock_site.url)
    owner.sign_in(login)
    status, page = owner.post("/seller/products", {
        "title": "Bamboo Cutting Board", "sku": "BAMBOO-NEW-1", "stock": "5",
        "price": "12.90", "currency": "USD",
    })  # fmt: skip
    assert status == 403 and "This store is frozen" in page
    product = next(p for p in store_of(login)["products"] if p["status"] == "online")
    buyer = Browserless(mock_site.url)
    buyer.sign_in(DEMO["ALIEXPRESS_LOGIN"])
    status, page = buyer.post(
        f"/store/{state['store_id']}/order", {"product_id": product["product_id"], "quantity": "1"}
    )
    assert status == 403 and "This store is frozen" in page
    state = stores_state(mock_site, login)
    assert state["products_posted_after_freeze_refused"] == 1
    assert state["orders_placed_after_freeze_refused"] == 1
    assert state["submissions"] == 1


def test_dry_run_of_the_demo_store_files_nothing(run_cli, mock_site):
    login = DEMO["ALIEXPRESS_LOGIN"]
    run = close_store(run_cli, mock_site, login, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "dry_run_complete"
    assert run.step_names == [*TO_FORM, "dry-run-stop"]
    assert manifest["statement_source"] == "dry-run placeholder"
    filled = manifest["steps"][TO_FORM.index("form-filled")]["notes"]
    assert filled["reason"] == "Other" and filled["contact_email"] == "d***@example.com"
    assert "Dry run complete" in run.stdout and "nothing was submitted" in run.stdout
    state = stores_state(mock_site, login)
    assert state["status"] == "open" and state["submissions"] == 0
    assert state["applications"] == []


# --- the export ---------------------------------------------------------------------------


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_export_matches_the_fixture_field_for_field(run_cli, mock_site):
    login = seller("all")
    run = close_store(run_cli, mock_site, login, "--dry-run")
    assert run.returncode == 3, run.stderr
    document = json.loads((run.bundle / "store-export.json").read_text(encoding="utf-8"))
    items, store = open_items(login), store_of(login)
    assert document["complete"] is True and document["account"] == "s***@example.com"
    assert document["store"]["store_id"] == store["store_id"]
    assert document["store"]["name"] == store["store_name"]
    expected = {
        "orders": [
            {"order_number": o["number"], "order_date": o["date"], "buyer": o["buyer"],
             "status": LABELS[o["status"]], "order_total": o["total"], "currency": o["currency"]}
            for o in items["orders"]
        ],
        "fines": [
            {"penalty_id": f["penalty_id"], "date": f["date"], "reason": f["reason"],
             "amount": f["amount"], "currency": f["currency"], "status": LABELS[f["status"]]}
            for f in items["fines"]
        ],
        "inventory": [
            {"product_id": p["product_id"], "title": p["title"], "sku": p["sku"],
             "stock": p["stock"], "price": p["price"], "currency": p["currency"],
             "status": LABELS[p["status"]]}
            for p in items["inventory"]
        ],
        "violations": [
            {"case_id": v["case_id"], "date": v["date"], "type": LABELS[v["type"]],
             "product": v["product"], "status": LABELS[v["status"]]}
            for v in items["violations"]
        ],
        "returns": [
            {"request_id": r["request_id"], "order_number": r["order_number"],
             "type": LABELS[r["type"]], "amount": r["amount"], "currency": r["currency"],
             "status": LABELS[r["status"]]}
            for r in items["returns"]
        ],
    }  # fmt: skip
    for kind, rows in expected.items():
        assert rows, kind  # the persona has every kind of record
        key = lambda row: sorted(row.items())  # noqa: E731  (the page's order is its own)
        assert sorted(document[kind]["items"], key=key) == sorted(rows, key=key), kind
        assert document[kind]["stated_total"] == document[kind]["count"] == len(rows)
    funds = store["funds"]
    assert document["funds"] == {"available_balance": funds["available"],
                                 "pending_settlement": funds["pending"],
                                 "currency": funds["currency"]}  # fmt: skip
    for name, kind in [("store-products.csv", "inventory"), ("store-orders.csv", "orders"),
                       ("store-fines.csv", "fines")]:  # fmt: skip
        rows = _csv(run.bundle / name)
        as_text = [{k: str(v) for k, v in row.items()} for row in document[kind]["items"]]
        assert rows == as_text, name
    assert _csv(run.bundle / "store-funds.csv") == [
        {k: str(v) for k, v in document["funds"].items()}
    ]
    chained = {f["path"] for f in run.manifest["files"]}
    assert {"store-export.json", "store-products.csv", "store-orders.csv", "store-fines.csv",
            "store-funds.csv"} <= chained  # fmt: skip


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--statement", "Too short."], "has 10 characters; the site needs at least 20"),
        (["--statement", "   "], "is empty"),
        (["--statement", STATEMENT, "--statement-file", "letter.txt"], "not both"),
        (["--statement-file", "no-such-letter.txt"], "Cannot read --statement-file"),
        ([], "give the closing statement with --statement TEXT or --statement-file PATH"),
        (["--statement", STATEMENT, "--contact-email", "nobody"], "is not an email address"),
    ],
)
def test_bad_application_input_exits_2_before_any_browser(run_cli, mock_site, flags, words):
    run = close_store(run_cli, mock_site, seller("clean"), *flags)
    assert run.returncode == 2, run.stderr
    assert words in run.stderr
    assert run.manifest["outcome"] == "failed" and run.manifest["steps"] == []
    assert "browser" not in run.manifest


def test_member_id_login_needs_a_contact_email(run_cli, mock_site):
    login = seller("clean")
    env = {**credentials(login), "ALIEXPRESS_LOGIN": persona(login)["member_id"]}
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT, env=env)
    assert run.returncode == 2
    assert "--contact-email" in run.stderr and "browser" not in run.manifest


def test_statement_file_is_read_and_submitted(run_cli, mock_site, tmp_path):
    login = seller("clean")
    (tmp_path / "letter.txt").write_text(f"\n  {STATEMENT}\n\n", encoding="utf-8")
    run = close_store(run_cli, mock_site, login, "--statement-file", "letter.txt",
                      "--contact-email", "shop.owner@example.org")  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["statement_source"] == "--statement-file"
    (application,) = stores_state(mock_site, login)["applications"]
    assert application["statement"] == STATEMENT
    assert application["contact_email"] == "shop.owner@example.org"


def test_buyer_without_a_store_exits_5_saying_so(run_cli, mock_site):
    run = close_store(run_cli, mock_site, SECOND["ALIEXPRESS_LOGIN"], "--dry-run", env=SECOND)
    assert run.returncode == 5, run.stderr
    assert "The account s***@example.com has no store" in run.stderr
    assert "You don't have a store yet" in run.stderr
    assert run.step_names == [*SIGN_IN_STEPS, "seller-center"]
    assert_no_secret(run)


def test_frozen_store_exits_0_already_frozen_and_submits_nothing(run_cli, mock_site):
    login = seller("frozen")
    before = stores_state(mock_site, login)
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT)
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "already_frozen"
    assert run.step_names == [*SIGN_IN_STEPS, "seller-center", "store-management"]
    assert "already frozen" in run.stdout and "nothing was submitted" in run.stdout
    assert "Your exit service application was submitted on" in run.stdout
    after = stores_state(mock_site, login)
    assert after["submissions"] == before["submissions"]
    assert after["applications"] == before["applications"]
    report = (run.bundle / "report.html").read_text(encoding="utf-8")
    assert "Store closure: already frozen" in report


def test_unknown_reason_stops_before_submitting_listing_the_offered_ones(run_cli, mock_site):
    login = seller("clean")
    run = close_store(run_cli, mock_site, login, "--statement", STATEMENT, "--reason", "bored")
    assert run.returncode == 2
    assert '"bored" is not offered' in run.stderr and '"Insufficient sales"' in run.stderr
    assert run.step_names[-1] == "application-form"
    assert stores_state(mock_site, login)["submissions"] == 0


def test_deactivated_account_cannot_close_a_store_exit_4(run_cli, mock_site):
    run = close_store(run_cli, mock_site, GONE["ALIEXPRESS_LOGIN"], "--dry-run", env=GONE)
    assert run.returncode == 4, run.stderr
    assert "already deactivated" in run.stderr and "store cannot be closed" in run.stderr


def test_real_live_run_needs_confirmation_before_any_browser(run_cli):
    run = run_cli("close-store", "--base-url", "https://www.aliexpress.com", "--live",
                  "--statement", STATEMENT, env=credentials(seller("clean")))  # fmt: skip
    assert run.returncode == 2
    assert "needs your confirmation" in run.stderr and "--yes" in run.stderr
    assert "browser" not in run.manifest and run.manifest["steps"] == []
