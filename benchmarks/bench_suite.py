"""Time the test suite as `make test` runs it, and name its ten slowest tests.

Prints the wall time of `pytest -n 3 --dist worksteal` (as `make test`; the target is under
4 minutes on 2 cores), its summary line, and pytest's ten slowest durations. Figures, not pass/fail.
Usage: python benchmarks/bench_suite.py [extra pytest arguments]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    command = [sys.executable, "-m", "pytest", "-n", "3", "--dist", "worksteal", "-q",
               "-p", "no:cacheprovider", "--durations=10", *sys.argv[1:]]  # fmt: skip
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - began
    lines = done.stdout.splitlines()
    slowest = [line for line in lines if line.strip()[:1].isdigit() and "s " in line][:10]
    summary = next((line for line in reversed(lines) if " in " in line), "(no summary)")
    print(f"suite wall time: {wall:.0f} s ({wall / 60:.1f} min), exit {done.returncode}")
    print(f"summary: {summary.strip('= ')}")
    print("ten slowest:")
    for line in slowest:
        print(f"  {line.strip()}")


if __name__ == "__main__":
    main()
