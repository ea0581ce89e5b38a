"""`aliexit audit verify` accepts an untouched bundle and names what was changed or added."""

from __future__ import annotations

import json

from conftest import DEMO


def test_verify_intact_then_tampered(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    assert run.returncode == 0, run.stderr
    ok = run_cli("audit", "verify", str(run.bundle))
    assert ok.returncode == 0, ok.stderr
    assert "intact (7 steps, outcome dry_run_complete)" in ok.stdout

    shot = run.bundle / "screenshots" / "03-my-aliexpress.png"
    shot.write_bytes(shot.read_bytes() + b"x")
    changed = run_cli("audit", "verify", str(run.bundle))
    assert changed.returncode == 1
    assert "screenshots/03-my-aliexpress.png (step my-aliexpress) was changed" in changed.stderr

    shot.unlink()
    (run.bundle / "screenshots" / "99-extra.png").write_bytes(b"\x89PNG")
    gone = run_cli("audit", "verify", str(run.bundle))
    assert gone.returncode == 1
    assert "is missing" in gone.stderr and "99-extra.png is not in the manifest" in gone.stderr


def test_verify_detects_reordered_steps(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=DEMO)
    manifest_path = run.bundle / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["steps"][1], manifest["steps"][2] = manifest["steps"][2], manifest["steps"][1]
    manifest_path.write_text(json.dumps(manifest))
    result = run_cli("audit", "verify", str(run.bundle))
    assert result.returncode == 1
    assert "out of order" in result.stderr


def test_verify_a_folder_without_manifest_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("audit", "verify", str(tmp_path))
    assert result.returncode == 2
    assert "holds no manifest.json" in result.stderr
