"""What the acceptance suite knows: the foreign site's contract, and how to run aliexit.

Only the contract of `../shared/foreign-site/CONTRACT.md` is used here: its command line
(`python3 aesite.py --port 0 --variant V [--portal-only]`, the `READY URL` line), its
accounts, and its state API under `/__heldout__/`. Nothing here knows the site's markup,
URLs of its pages or wordings: any site that follows the same contract can be tried
(`FOREIGN_SITE=/path/to/site.py make acceptance`).

aliexit is run as a user runs it: a process (`python -m automation ...`) in an empty
folder, credentials only in the environment, bundles in a temporary folder.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FOREIGN_SITE = ROOT.parent / "shared" / "foreign-site" / "aesite.py"


def foreign_site_path() -> Path:
    """Where the foreign site is: FOREIGN_SITE, else ../shared/foreign-site/aesite.py."""
    given = os.environ.get("FOREIGN_SITE")
    return Path(given).resolve() if given else DEFAULT_FOREIGN_SITE


# --- the contract's accounts -------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    email: str
    member_id: str
    password: str

    @property
    def name(self) -> str:
        """The part before the @, used in test ids (`pending`, `wallet`, ...)."""
        return self.email.split("@")[0]

    def env(self) -> dict[str, str]:
        """The only settings a run gets: who to sign in as, and what to confirm with."""
        return {
            "ALIEXPRESS_LOGIN": self.email,
            "ALIEXPRESS_PASSWORD": self.password,
            "ALIEXPRESS_CONFIRM_ID": self.member_id,
        }


HELDOUT = Account("heldout@example.com", "ae_heldout_01", "Held-0ut-pass!")
GONE = Account("gone@example.com", "ae_gone_02", "Gone-pass-2")
CAPTCHA = Account("captcha@example.com", "ae_captcha_03", "Captcha-pass-3")
PENDING = Account("pending@example.com", "ae_pending_04", "Pending-pass-4")
WALLET = Account("wallet@example.com", "ae_wallet_05", "Wallet-pass-5")
DISPUTE = Account("dispute@example.com", "ae_dispute_06", "Dispute-pass-6")
HISTORY = Account("history@example.com", "ae_history_07", "History-pass-7")
EMPTY = Account("empty@example.com", "ae_empty_08", "Empty-pass-8")
SELLER = Account("seller@example.com", "ae_seller_10", "Seller-pass-10")
BLOCKED = Account("blocked@example.com", "ae_seller_11", "Blocked-pass-11")
ACCOUNTS = (HELDOUT, GONE, CAPTCHA, PENDING, WALLET, DISPUTE, HISTORY, EMPTY, SELLER, BLOCKED)

# The variants (CONTRACT.md, README.md of the site): on a-c every flow reaches its goal; d's
# Edit Member Profile has no "Deactivate Account"; e's sign-in link leads to the other
# loopback host name. `--portal-only` applies to all of them.
COMPLETE_VARIANTS = ("a", "b", "c")
NO_CONTROL_VARIANT = "d"
FOREIGN_SIGN_IN_VARIANT = "e"
ALL_VARIANTS = (*COMPLETE_VARIANTS, NO_CONTROL_VARIANT, FOREIGN_SIGN_IN_VARIANT)
# The property by which each variant's --release-account case reports its branch.
RELEASE_BRANCH = "release_account_branch"


# --- the state API -----------------------------------------------------------------------


class Heldout:
    """The foreign site's state API (`/__heldout__/...`), never linked from its pages."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")

    def _call(self, method: str, path: str) -> Any:
        request = urllib.request.Request(
            f"{self.base_url}/__heldout__/{path}",
            method=method,
            data=b"" if method == "POST" else None,
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            return json.load(answer)

    def account(self, email: str) -> dict[str, Any]:
        return self._call("GET", f"accounts/{email}")

    def store(self, email: str) -> dict[str, Any]:
        return self._call("GET", f"stores/{email}")

    def state(self) -> dict[str, Any]:
        return self._call("GET", "state")

    def reset(self) -> None:
        self._call("POST", "reset")


# --- the foreign site's process ----------------------------------------------------------


class SiteDidNotStart(Exception):
    """The foreign site exited or never printed its READY line; the message has its stderr."""


def tail(text: str, lines: int = 40) -> str:
    """The last lines of a text (what a failure message shows)."""
    kept = text.rstrip("\n").splitlines()[-lines:]
    return "\n".join(kept) if kept else "(empty)"


@dataclass
class ForeignSite:
    """One running foreign-site process: `url`, its state client, its stderr file."""

    variant: str
    portal_only: bool
    process: subprocess.Popen = field(repr=False)
    url: str
    stderr_path: Path = field(repr=False)
    heldout: Heldout = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.heldout = Heldout(self.url)

    @property
    def label(self) -> str:
        return f"variant {self.variant}" + (" --portal-only" if self.portal_only else "")

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def ensure_alive(self) -> None:
        code = self.process.poll()
        if code is not None:
            raise SiteDidNotStart(
                f"the foreign site ({self.label}) exited with {code} during the session; "
                f"its stderr:\n{tail(self.stderr())}"
            )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_site(
    script: Path,
    variant: str,
    *,
    portal_only: bool,
    log_dir: Path,
    timeout: float = 20,
    python: str = sys.executable,
) -> ForeignSite:
    """Start `python script --port 0 --variant V [--portal-only]`; wait for `READY URL`."""
    if not script.is_file():
        raise SiteDidNotStart(
            f"there is no foreign site at {script}; the acceptance suite needs it "
            "(FOREIGN_SITE=/path/to/aesite.py names another)"
        )
    name = f"site-{variant}{'-portal' if portal_only else ''}"
    stderr_path = log_dir / f"{name}.stderr.txt"
    command = [python, str(script), "--port", "0", "--variant", variant]
    if portal_only:
        command.append("--portal-only")
    with stderr_path.open("w", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            cwd=log_dir,
        )
    lines: queue.Queue[str | None] = queue.Queue()

    def read_stdout() -> None:  # drains stdout for the whole life of the process
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read_stdout, name=f"{name}-stdout", daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
        except queue.Empty:  # out of time
            process.kill()
            process.wait(timeout=5)
            why = f"printed no READY line within {timeout:g} s"
            line = None
        else:
            if line is None:  # its stdout closed: it exited (or is about to)
                try:
                    process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
                why = f"exited with {process.returncode} before it was ready"
        if line is None:
            raise SiteDidNotStart(
                f"the foreign site ({' '.join(command[1:])}) {why}; "
                f"its stdout:\n{tail(''.join(seen))}\nits stderr:\n"
                f"{tail(stderr_path.read_text(encoding='utf-8', errors='replace'))}"
            )
        seen.append(line)
        found = re.match(r"READY (https?://\S+)\s*$", line)
        if found:
            return ForeignSite(variant, portal_only, process, found.group(1), stderr_path)


# --- running aliexit ---------------------------------------------------------------------

# What a run inherits from the outer environment: enough to find programs, a home for
# Playwright's browsers, and an explicitly chosen Chromium. No other ALIEXPRESS_/ALIEXIT_
# setting, no DISPLAY (the runs are headless, as in CI).
INHERITED = (
    "PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "PLAYWRIGHT_BROWSERS_PATH", "ALIEXIT_BROWSER_PATH"
)  # fmt: skip


def clean_env(settings: dict[str, str], audit_dir: Path) -> dict[str, str]:
    """The environment of a run: what it inherits, the account's settings, the bundles' folder."""
    env = {k: os.environ[k] for k in INHERITED if k in os.environ}
    env.update(settings)
    env["ALIEXIT_AUDIT_DIR"] = str(audit_dir)
    return env


@dataclass
class CliRun:
    """A finished `aliexit` process: exit code, output, the bundle it named, its manifest."""

    args: tuple[str, ...]
    account: str
    returncode: int
    stdout: str = field(repr=False)
    stderr: str = field(repr=False)
    bundle: Path | None
    duration_s: float
    secrets: tuple[str, ...] = field(default=(), repr=False)  # looked for, never shown

    @property
    def manifest(self) -> dict[str, Any] | None:
        """`manifest.json` of the bundle, or None when there is none (or it does not parse)."""
        if self.bundle is None:
            return None
        try:
            return json.loads((self.bundle / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    @property
    def step_names(self) -> list[str]:
        return [step.get("name") for step in (self.manifest or {}).get("steps") or []]

    @property
    def sentence(self) -> str:
        """The run's final sentence: the line printed just before `Audit bundle:`, on stdout
        for exit 0 and on stderr otherwise (without its `aliexit: ` prefix); when no bundle
        was named, the last line of stderr."""
        stream = self.stdout if self.returncode == 0 else self.stderr
        lines = stream.splitlines()
        for index, line in enumerate(lines):
            if line.startswith("Audit bundle: ") and index > 0:
                return lines[index - 1].removeprefix("aliexit: ").strip()
        last = [line for line in self.stderr.splitlines() if line.strip()]
        return last[-1].removeprefix("aliexit: ").strip() if last else ""

    @property
    def command(self) -> str:
        return "aliexit " + " ".join(self.args) + f"   (as {self.account})"

    def explain(self, lines: int = 25) -> str:
        """What a failure message shows: the command, exit code, sentence, bundle, the
        manifest's outcome and failed step, and the tails of stdout and stderr."""
        manifest = self.manifest or {}
        failed = [
            f"{s.get('name')}: {s.get('error')}"
            for s in manifest.get("steps") or []
            if s.get("status") == "failed"
        ]
        parts = [
            f"$ {self.command}",
            f"exit code {self.returncode} after {self.duration_s:.1f} s",
            f"sentence: {self.sentence or '(none)'}",
            f"bundle (kept): {self.bundle or '(no `Audit bundle:` line in the output)'}",
        ]
        if self.bundle is not None:
            parts.append(
                "manifest: "
                + (
                    f"outcome={manifest.get('outcome')!r} exit_code={manifest.get('exit_code')!r}"
                    f" steps={self.step_names}"
                    if manifest
                    else "(missing or unreadable)"
                )
            )
        if failed:
            parts.append("failed step: " + "; ".join(failed))
        parts.append(f"--- stdout (last {lines} lines) ---\n{tail(self.stdout, lines)}")
        parts.append(f"--- stderr (last {lines} lines) ---\n{tail(self.stderr, lines)}")
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.explain()


def run_aliexit(
    args: tuple[str, ...] | list[str],
    *,
    account: Account,
    workdir: Path,
    audit_dir: Path,
    timeout: float = 180,
) -> CliRun:
    """Run `python -m automation ARGS` in `workdir`, as `account`, nobody at the keyboard.

    A run that outlives `timeout` is interrupted (SIGINT, as Ctrl-C: exit 130 with its
    bundle), then killed with its process group if it does not end within 20 s; the output
    says so.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    audit_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "automation", *args],
        cwd=workdir,
        env=clean_env(account.env(), audit_dir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, killed whole if it hangs
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        returncode = process.returncode
    except subprocess.TimeoutExpired:  # interrupted as by Ctrl-C, so it writes its bundle
        process.send_signal(signal.SIGINT)
        try:
            stdout, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
        stderr = f"[acceptance] interrupted after {timeout:g} s without finishing\n{stderr}"
        returncode = process.returncode
    found = re.search(r"^Audit bundle: (.+)$", stdout + stderr, re.MULTILINE)
    bundle = (workdir / found.group(1).strip()) if found else None
    return CliRun(
        args=tuple(args),
        account=account.email,
        returncode=returncode,
        stdout=stdout,
        stderr=stderr,
        bundle=bundle,
        duration_s=time.monotonic() - started,
        secrets=(account.password,),
    )


def leaked_secrets(run: CliRun) -> list[str]:
    """Where the run's password shows up: its output, or any file of its bundle."""
    found = []
    for secret in run.secrets:
        needle = secret.encode()
        if needle in run.stdout.encode() or needle in run.stderr.encode():
            found.append("stdout/stderr")
        if run.bundle is not None and run.bundle.is_dir():
            for path in sorted(run.bundle.rglob("*")):
                if path.is_file() and needle in path.read_bytes():
                    found.append(str(path.relative_to(run.bundle)))
    return found


def fetch_error(error: urllib.error.URLError) -> str:
    """A state API call that failed, in words."""
    if isinstance(error, urllib.error.HTTPError):
        return f"HTTP {error.code} for {error.url}"
    return str(error.reason)
