"""The harness itself: starting a site, its state API, reading a run's exit code and bundle.

Fast checks that need no browser, so that a broken harness is told apart from a broken
product.
"""

from __future__ import annotations

import textwrap
import urllib.error
from pathlib import Path

import pytest
from checks import expect_exit, expect_says
from harness import (
    ACCOUNTS,
    GONE,
    HELDOUT,
    SELLER,
    CliRun,
    SiteDidNotStart,
    start_site,
)


def _script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "site.py"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def test_a_site_that_exits_fails_with_its_own_stderr(tmp_path):
    script = _script(
        tmp_path, "import sys\nsys.stderr.write('no such variant: x\\n')\nsys.exit(2)\n"
    )
    with pytest.raises(SiteDidNotStart) as failure:
        start_site(script, "x", portal_only=False, log_dir=tmp_path)
    assert "exited with 2" in str(failure.value)
    assert "no such variant: x" in str(failure.value)


def test_a_site_that_never_says_ready_fails_with_its_output(tmp_path):
    script = _script(
        tmp_path,
        """
        import sys, time
        print("starting", flush=True)
        sys.stderr.write("still binding\\n"); sys.stderr.flush()
        time.sleep(60)
        """,
    )
    with pytest.raises(SiteDidNotStart) as failure:
        start_site(script, "a", portal_only=False, log_dir=tmp_path, timeout=1.5)
    message = str(failure.value)
    assert "no READY line within 1.5 s" in message
    assert "starting" in message and "still binding" in message


def test_a_site_is_started_with_the_contract_command_line_and_stopped(tmp_path):
    script = _script(
        tmp_path,
        """
        import sys, time
        sys.stderr.write(" ".join(sys.argv[1:]) + "\\n"); sys.stderr.flush()
        print("READY http://127.0.0.1:4321", flush=True)
        time.sleep(60)
        """,
    )
    site = start_site(script, "c", portal_only=True, log_dir=tmp_path, timeout=10)
    try:
        assert site.url == "http://127.0.0.1:4321"
        assert site.heldout.base_url == site.url
        site.ensure_alive()
    finally:
        site.stop()
    assert site.process.returncode is not None
    assert site.stderr().strip() == "--port 0 --variant c --portal-only"


@pytest.mark.parametrize("site", ["a"], indirect=True)
def test_reset_site_shows_every_account_in_its_initial_state(site):
    state = {email: site.heldout.account(email) for email in (a.email for a in ACCOUNTS)}
    for email, account in state.items():
        expected_status = "deactivated" if email == GONE.email else "active"
        assert account["status"] == expected_status, account
        assert account["submissions"] == 0 and account["portal_submissions"] == 0, account
        assert account["password_posted_on_foreign_host"] is False, account
    assert state[HELDOUT.email]["member_id"] == HELDOUT.member_id
    assert site.heldout.store(SELLER.email)["status"] == "open"
    with pytest.raises(urllib.error.HTTPError) as missing:
        site.heldout.store(HELDOUT.email)  # a buyer without a store
    assert missing.value.code == 404
    assert site.heldout.state()  # everything, as one document


def test_a_refused_run_has_its_exit_code_sentence_and_bundle(aliexit, tmp_path):
    """No browser: a non-loopback --base-url without --live is refused with exit 2."""
    run = aliexit("deactivate", "--base-url", "https://www.aliexpress.com", account=HELDOUT)
    expect_exit(run, 2, "failed")
    expect_says(run, "--live")
    assert run.bundle is not None and run.bundle.is_relative_to(tmp_path / "audit"), run
    assert not run.sentence.startswith("aliexit:"), run


def test_the_sentence_is_the_line_before_the_bundle():
    def run(code: int, stdout: str, stderr: str) -> CliRun:
        return CliRun(("deactivate",), "a@example.com", code, stdout, stderr, None, 0.0)

    ok = run(0, "Done.\nAudit bundle: /b\nReport: /b/report.html\n", '{"event": "x"}\n')
    failed = run(5, "", '{"event": "x"}\naliexit: It broke.\nAudit bundle: /b\n')
    usage = run(2, "", "usage: aliexit\naliexit: error: invalid choice: 'delete'\n")
    assert ok.sentence == "Done."
    assert failed.sentence == "It broke."
    assert usage.sentence == "error: invalid choice: 'delete'"
    assert "no `Audit bundle:` line" in usage.explain()
    assert "invalid choice" in usage.explain()
