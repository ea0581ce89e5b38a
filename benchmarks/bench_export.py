"""Time the export of the 1,050-order history of the mock's long.history persona.

Prints, for N runs of `aliexit export` against the embedded mock: the median wall time of
the whole command, the median time of the orders-export step alone, orders per second,
and the number of page loads. Figures, not pass/fail. Usage: python benchmarks/bench_export.py [N]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGIN = "long.history@example.com"


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    accounts = json.loads((ROOT / "fixtures" / "accounts.json").read_text(encoding="utf-8"))
    password = next(a for a in accounts["accounts"] if a["login_email"] == LOGIN)["password"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALIEXPRESS_")}
    env |= {"ALIEXPRESS_LOGIN": LOGIN, "ALIEXPRESS_PASSWORD": password}
    walls, steps = [], []
    notes: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(runs):
            env["ALIEXIT_AUDIT_DIR"] = f"{tmp}/audit{n}"
            began = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "automation", "export", "--out", f"{tmp}/out{n}",
                 "--log-format", "json"],
                check=True, env=env, capture_output=True,
            )  # fmt: skip
            walls.append(time.perf_counter() - began)
            (bundle,) = Path(f"{tmp}/audit{n}").iterdir()
            manifest = json.loads((bundle / "manifest.json").read_text())
            step = next(s for s in manifest["steps"] if s["name"] == "orders-export")
            steps.append(step["duration_ms"] / 1000)
            notes = step["notes"]
    count, pages = notes["count"], notes["pages_read"] + len(notes["retried_pages"])
    step = statistics.median(steps)
    print(f"runs: {runs} (medians; {os.cpu_count()} cores); {count} orders on {pages} pages")
    print(f"whole `aliexit export` command   {statistics.median(walls):6.2f} s   target < 10 s")
    print(f"orders-export step alone         {step:6.2f} s")
    print(f"orders per second                {count / step:6.0f}")
    print(f"page loads                       {pages:6d}")


if __name__ == "__main__":
    main()
