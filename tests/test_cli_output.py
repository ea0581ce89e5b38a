"""What a person sees: help, progress lines, JSON logs, `python -m automation`."""

from __future__ import annotations

import json

from conftest import DEMO


def test_help_of_every_command_is_readable(run_cli):
    for args in (
        ["--help"],
        ["deactivate", "--help"],
        ["mock-site", "--help"],
        ["audit", "verify", "--help"],
    ):
        result = run_cli(*args)
        assert result.returncode == 0
        assert "usage: aliexit" in result.stdout
    assert "exit codes:" in run_cli("deactivate", "--help").stdout


def test_json_log_format_is_one_json_object_per_line(run_cli, mock_site):
    run = run_cli(
        "deactivate", "--base-url", mock_site.url, "--dry-run", "--log-format", "json", env=DEMO
    )
    assert run.returncode == 0, run.stderr
    events = [json.loads(line) for line in run.stderr.splitlines()]
    steps = [e for e in events if e["event"] == "step finished"]
    assert [e["step"] for e in steps][-1] == "dry-run-stop"
    assert all(e["duration_s"] >= 0 for e in steps)
    assert events[-1]["event"] == "run finished"
    assert events[-1]["outcome"] == "dry_run_complete"
    assert run.log_lines[-1]["event"] == "run finished"


def test_console_format_prints_one_line_per_step_with_duration(run_cli, mock_site):
    run = run_cli(
        "deactivate", "--base-url", mock_site.url, "--dry-run", "--log-format", "console", env=DEMO
    )
    assert run.returncode == 0, run.stderr
    step_lines = [line for line in run.stderr.splitlines() if "[  ok  ]" in line]
    assert len(step_lines) == 11
    assert step_lines[0].split("]")[1].split()[:2] == ["1", "open-site"]
    assert step_lines[-1].rstrip().endswith(" s")
    assert f"Audit bundle: {run.bundle}" in run.stdout
