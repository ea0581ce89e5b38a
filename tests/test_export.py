"""The order-history export: complete, typed, checked against the site, never silently partial."""

from __future__ import annotations

import csv
import io
import json

from conftest import REDESIGN, SECOND, credentials, persona

FIELDS = ("number", "date", "store", "status", "currency", "total")


FAST = {"ALIEXIT_RETRY_BASE_MS": "20"}  # retries without the long backoff


def _fixture_orders(login: str) -> list[dict]:
    return [
        {**{k: o[k] for k in FIELDS}, "items": [
            {"name": i["name"], "quantity": i["quantity"], "unit_price": i["unit_price"]}
            for i in o["items"]
        ]}
        for o in persona(login).get("orders", [])
    ]  # fmt: skip


def _exported(document: dict) -> list[dict]:
    return [{**{k: o[k] for k in FIELDS}, "items": o["items"]} for o in document["orders"]]


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: spreadsheets read it right
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_long_history_export_matches_the_fixture_order_for_order(run_cli, mock_site, tmp_path):
    login = "long.history@example.com"
    out = tmp_path / "orders"
    run = run_cli("export", "--out", str(out), "--base-url", mock_site.url,
                  env=credentials(login), timeout=180)  # fmt: skip
    assert run.returncode == 0, run.stderr
    expected = _fixture_orders(login)
    assert len(expected) >= 1000
    document = json.loads((out / "orders.json").read_text(encoding="utf-8"))
    assert document["complete"] is True
    assert document["count"] == document["stated_total"] == len(expected)
    assert document["missing_pages"] == []
    assert _exported(document) == expected
    rows = _csv_rows((out / "orders.csv").read_bytes())
    assert rows == [
        {
            "order_number": o["number"], "order_date": o["date"], "store": o["store"],
            "status": o["status"], "order_total": o["total"], "currency": o["currency"],
            "item": i["name"], "quantity": str(i["quantity"]), "unit_price": i["unit_price"],
        }
        for o in expected
        for i in o["items"]
    ]  # fmt: skip
    assert len({o["currency"] for o in expected}) >= 3
    # The same files are in the bundle, chained; the bundle verifies.
    assert (run.bundle / "orders.json").read_bytes() == (out / "orders.json").read_bytes()
    assert {f["path"] for f in run.manifest["files"]} >= {"orders.json", "orders.csv"}
    assert run_cli("audit", "verify", str(run.bundle)).returncode == 0
    assert run.manifest["outcome"] == "exported"
    assert f"Exported {len(expected)} orders" in run.stdout


def test_zero_orders_is_a_valid_empty_export(run_cli, mock_site, tmp_path):
    run = run_cli("export", "--out", str(tmp_path / "o"), "--base-url", mock_site.url, env=SECOND)
    assert run.returncode == 0, run.stderr
    document = json.loads((tmp_path / "o" / "orders.json").read_text())
    assert document["complete"] is True and document["orders"] == [] and document["count"] == 0
    assert _csv_rows((tmp_path / "o" / "orders.csv").read_bytes()) == []


def test_a_page_that_fails_once_is_retried(run_cli, mock_site, tmp_path):
    login = "flaky.history@example.com"
    run = run_cli("export", "--out", str(tmp_path / "o"), "--base-url", mock_site.url,
                  env={**credentials(login), **FAST})  # fmt: skip
    assert run.returncode == 0, run.stderr
    document = json.loads((tmp_path / "o" / "orders.json").read_text())
    assert _exported(document) == _fixture_orders(login)
    retries = [e for e in run.log_lines if e.get("event") == "list page did not load; retrying"]
    assert [e["page"] for e in retries] == [2]
    assert "HTTP 500" in retries[0]["reason"]


def test_a_page_that_never_loads_gives_a_partial_export_and_exit_5(run_cli, mock_site, tmp_path):
    login = "broken.history@example.com"
    out = tmp_path / "o"
    run = run_cli("export", "--out", str(out), "--base-url", mock_site.url,
                  env={**credentials(login), **FAST, "ALIEXIT_RETRY_TRIES": "3"})  # fmt: skip
    assert run.returncode == 5
    assert "page(s) 3, 4 of My Orders did not load after 3 tries" in run.stderr
    assert not (out / "orders.json").exists()
    document = json.loads((out / "orders.partial.json").read_text())
    assert document["complete"] is False
    assert document["missing_pages"] == [3, 4]
    assert _exported(document) == _fixture_orders(login)[:40]
    assert (out / "orders.partial.csv").is_file()
    assert run.manifest["outcome"] == "failed"


def test_the_export_survives_a_failure_later_in_the_run(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=REDESIGN)
    assert run.returncode == 5  # no "Deactivate Account" control, after the export
    document = json.loads((run.bundle / "orders.json").read_text())
    assert _exported(document) == _fixture_orders(REDESIGN["ALIEXPRESS_LOGIN"])
    assert run_cli("audit", "verify", str(run.bundle)).returncode == 0
