"""Fixtures of the acceptance suite: foreign-site processes, the state client, aliexit runs.

Each xdist worker starts at most one foreign-site process per (variant, --portal-only),
the first time a test asks for it, and kills it at the end of the session. A worker runs
one test at a time, so a test has its server to itself; it is reset before every test.
"""

from __future__ import annotations

import urllib.error
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from harness import (
    COMPLETE_VARIANTS,
    RELEASE_BRANCH,
    Account,
    CliRun,
    ForeignSite,
    SiteDidNotStart,
    fetch_error,
    foreign_site_path,
    run_aliexit,
    start_site,
    tail,
)

RUNS = pytest.StashKey[list[CliRun]]()
SITES = pytest.StashKey[list[ForeignSite]]()

# The release-account case: each variant's test records which branch it took; the
# controller then checks that at least one of a-c really ticked the box.
_release_seen: dict[str, str] = {}


@pytest.fixture(scope="session")
def foreign_sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable]:
    """`get(variant, portal_only=False)`: this worker's running site, started on first use."""
    script = foreign_site_path()
    log_dir = tmp_path_factory.mktemp("foreign-sites")
    running: dict[tuple[str, bool], ForeignSite] = {}

    def get(variant: str, portal_only: bool = False) -> ForeignSite:
        key = (variant, portal_only)
        if key in running:
            return running[key]
        try:
            running[key] = start_site(script, variant, portal_only=portal_only, log_dir=log_dir)
        except SiteDidNotStart as exc:
            failure = str(exc)
        else:
            return running[key]
        pytest.fail(failure, pytrace=False)  # outside the except: no chained traceback

    yield get
    for site in running.values():
        site.stop()


def _clean_site(request: pytest.FixtureRequest, site: ForeignSite) -> ForeignSite:
    """The site, alive and reset to its initial state (`POST /__heldout__/reset`)."""
    failure = None
    try:
        site.ensure_alive()
        site.heldout.reset()
    except SiteDidNotStart as exc:
        failure = str(exc)
    except (urllib.error.URLError, OSError) as exc:
        reason = fetch_error(exc) if isinstance(exc, urllib.error.URLError) else str(exc)
        failure = (
            f"resetting the foreign site ({site.label}, {site.url}) failed: {reason}; "
            f"its stderr:\n{tail(site.stderr())}"
        )
    if failure:  # outside the except: no chained traceback
        pytest.fail(failure, pytrace=False)
    request.node.stash.setdefault(SITES, []).append(site)
    return site


@pytest.fixture
def site(request: pytest.FixtureRequest, foreign_sites: Callable) -> ForeignSite:
    """The foreign site in variant `request.param` (parametrize indirectly), reset."""
    return _clean_site(request, foreign_sites(request.param))


@pytest.fixture
def portal_site(request: pytest.FixtureRequest, foreign_sites: Callable) -> ForeignSite:
    """The foreign site in variant `request.param`, started with --portal-only, reset."""
    return _clean_site(request, foreign_sites(request.param, portal_only=True))


@pytest.fixture
def aliexit(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[..., CliRun]:
    """`aliexit(*args, account=A)`: run the command line as account A and return a CliRun.

    Each run works in its own empty folder under the test's tmp_path; bundles go to
    `tmp_path/audit` (kept for a failed test, and named in its report).
    """
    runs = request.node.stash.setdefault(RUNS, [])

    def run(*args: str, account: Account, timeout: float = 180) -> CliRun:
        done = run_aliexit(
            args,
            account=account,
            workdir=tmp_path / f"run-{len(runs) + 1}",
            audit_dir=tmp_path / "audit",
            timeout=timeout,
        )
        runs.append(done)
        return done

    return run


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed test's report lists its runs with their bundles, and its sites' stderr."""
    report = yield
    if report.failed:
        runs = item.stash.get(RUNS, [])
        if runs:
            report.sections.append(
                (
                    "aliexit runs (bundles kept)",
                    "\n".join(
                        f"{r.command}\n  exit {r.returncode} after {r.duration_s:.1f} s; "
                        f"sentence: {r.sentence or '(none)'}\n  bundle: {r.bundle}"
                        for r in runs
                    ),
                )
            )
        for site in item.stash.get(SITES, []):
            stderr = site.stderr()
            if stderr.strip():
                report.sections.append((f"foreign site ({site.label}) stderr", tail(stderr)))
    return report


def _is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect the release-account branches (on the controller, from every worker)."""
    for name, value in report.user_properties:
        if name == RELEASE_BRANCH and report.when == "call":
            variant, branch = value
            _release_seen[variant] = branch


def _release_verdict() -> str | None:
    """None while not every variant of a-c ran the case, else the sentence to print."""
    if not all(v in _release_seen for v in COMPLETE_VARIANTS):
        return None
    ticked = [v for v in COMPLETE_VARIANTS if _release_seen[v] == "ticked"]
    summary = ", ".join(f"{v}: {_release_seen[v]}" for v in COMPLETE_VARIANTS)
    if ticked:
        return f"--release-account: the box was ticked on variant {', '.join(ticked)} ({summary})"
    return (
        "FAILED --release-account: no variant among a-c ticked 'Release my account at the "
        f"same time' ({summary}); at least one of them has the checkbox"
    )


def pytest_sessionfinish(session: pytest.Session) -> None:
    verdict = _release_verdict()
    if not _is_worker(session.config) and verdict and verdict.startswith("FAILED"):
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    verdict = _release_verdict()
    if verdict and not _is_worker(config):
        terminalreporter.write_sep("=", "release-account across variants a-c")
        terminalreporter.write_line(verdict, red=verdict.startswith("FAILED"))
