"""`aliexit deactivate` against a mock that fails: dry runs that must complete, real runs that
must submit exactly once.

Starts one mock with random faults (default: 20% of page requests answered 500/502/503, 5%
dropped with no answer, half of them after the site acted; seed 42), then:
  1. N dry runs (`aliexit deactivate --dry-run --base-url <mock>`, as a user runs them):
     how many completed, their median time, and the most submissions any run caused (must be 0);
  2. 5 real runs, each on a freshly reset mock (the faults keep going): a run that exits 5
     saying the request did not reach the site is rerun, as its sentence says; each account
     must end pending with exactly 1 submission.
Figures, not pass/fail (the exit code is 1 when a target is missed).
Usage: python benchmarks/bench_faults.py [N] [ERROR_RATE] [DROP_RATE]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from automation.mocksite import MockServer
from automation.mocksite.faults import FaultSettings

ROOT = Path(__file__).resolve().parents[1]
ENV_FILE = ROOT / ".env.example"
LOGIN = "demo.buyer@example.com"
CREDENTIALS = ("ALIEXPRESS_LOGIN", "ALIEXPRESS_PASSWORD", "ALIEXPRESS_CONFIRM_ID")
REAL_RUNS = 5
RERUNS = 3  # tries per real run, when aliexit says the request did not reach the site


def aliexit(base_url: str, audit_dir: str, *flags: str) -> tuple[int, float, str]:
    """Run `aliexit deactivate` through the CLI; its exit code, seconds, and last sentence."""
    env = {k: v for k, v in os.environ.items() if k not in CREDENTIALS}
    began = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "automation", "deactivate", "--base-url", base_url,
         "--env-file", str(ENV_FILE), "--audit-dir", audit_dir, "--log-format", "json", *flags],
        env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    elapsed = time.perf_counter() - began
    lines = (done.stdout + done.stderr).splitlines()
    said = [line for line in lines if line.startswith(("aliexit:", "Dry", "Deactivation"))]
    return done.returncode, elapsed, (said[-1] if said else "")


def account(base_url: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/__mock__/accounts/{LOGIN}") as answer:
        return json.load(answer)


def reset(base_url: str, seed: int) -> None:
    """Fixture state again, and the same fault rates drawn from another seed."""
    request = urllib.request.Request(f"{base_url}/__mock__/reset", method="POST", data=b"")
    urllib.request.urlopen(request).close()
    request = urllib.request.Request(
        f"{base_url}/__mock__/faults",
        method="POST",
        data=json.dumps({"seed": seed}).encode(),
        headers={"Content-Type": "application/json"},
    )
    urllib.request.urlopen(request).close()


def counters(base_url: str) -> dict:
    with urllib.request.urlopen(f"{base_url}/__mock__/faults") as answer:
        return json.load(answer)["counters"]


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    error_rate = float(sys.argv[2]) if len(sys.argv) > 2 else 0.2
    drop_rate = float(sys.argv[3]) if len(sys.argv) > 3 else 0.05
    faults = FaultSettings(error_rate=error_rate, drop_rate=drop_rate, seed=42)
    ok = True
    with MockServer(faults=faults) as server, tempfile.TemporaryDirectory() as tmp:
        url = server.url
        print(f"mock: {url}, error rate {error_rate}, drop rate {drop_rate}, seed 42; "
              f"{os.cpu_count()} cores")  # fmt: skip
        times, completed, max_submissions = [], 0, 0
        for _ in range(runs):
            code, elapsed, said = aliexit(url, tmp, "--dry-run")
            max_submissions = max(max_submissions, account(url)["submissions"])
            if code == 0:
                completed += 1
                times.append(elapsed)
            else:
                print(f"  dry run failed (exit {code}): {said}")
        seen = counters(url)
        print(f"dry runs     {completed}/{runs} completed   target {runs}/{runs}")
        if times:
            print(f"median time  {statistics.median(times):6.2f} s   (max {max(times):.2f} s)")
        print(f"faults       {seen['error']} 5xx and {seen['drop']} drops in "
              f"{seen['requests']} requests")  # fmt: skip
        print(f"submissions  max {max_submissions} at the mock   target 0")
        ok = completed == runs and max_submissions == 0

        print(f"real runs    {REAL_RUNS}, each on a freshly reset mock:")
        for number in range(1, REAL_RUNS + 1):
            reset(url, seed=42 + number)
            outcome = []
            for _ in range(RERUNS):
                code, elapsed, said = aliexit(url, tmp)
                outcome.append(f"exit {code} in {elapsed:.1f} s")
                if code != 5 or "safe to rerun" not in said:
                    break
            state = account(url)
            good = state["submissions"] == 1 and state["status"] == "deactivation_pending"
            ok = ok and good and code == 0
            print(f"  run {number}: {', then '.join(outcome)}; status {state['status']}, "
                  f"submissions {state['submissions']}   target 1")  # fmt: skip
            if code != 0:
                print(f"    {said}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
