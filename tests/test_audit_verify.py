"""`aliexit audit verify`: an untouched bundle is intact; any edit is named; signatures hold."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DEMO, GONE, SECOND, run_aliexit
from PIL import Image, ImageChops, ImageStat


@pytest.fixture(scope="module")
def keys(tmp_path_factory) -> dict[str, Path]:
    """Two key pairs made with `aliexit audit keygen`: ours and someone else's."""
    folder = tmp_path_factory.mktemp("keys")
    for name in ("ours", "theirs"):
        made = run_aliexit(folder, "audit", "keygen", "--out", str(folder / f"{name}.key"))
        assert made.returncode == 0, made.stderr
    return {
        "private": folder / "ours.key",
        "public": folder / "ours.key.pub",
        "other": folder / "theirs.key.pub",
    }


@pytest.fixture(scope="module")
def signed_bundle(tmp_path_factory, mock_server, keys) -> Path:
    """One signed real dry run, copied by each test before it edits anything."""
    folder = tmp_path_factory.mktemp("signed")
    env = {**DEMO, "ALIEXIT_AUDIT_KEY_FILE": str(keys["private"])}
    run = run_aliexit(folder, "deactivate", "--base-url", mock_server.url, "--dry-run", env=env)
    assert run.returncode == 0, run.stderr
    return run.bundle


def _verify(cwd: Path, bundle: Path, *extra: str):
    return run_aliexit(cwd, "audit", "verify", str(bundle), *extra)


@pytest.fixture
def bundle(signed_bundle: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "bundle"
    shutil.copytree(signed_bundle, copy)
    return copy


def test_keygen_writes_a_private_key_only_its_owner_can_read(keys, tmp_path):
    assert keys["private"].stat().st_mode & 0o777 == 0o600
    assert b"PRIVATE KEY" in keys["private"].read_bytes()
    assert b"PUBLIC KEY" in keys["public"].read_bytes()
    again = run_aliexit(tmp_path, "audit", "keygen", "--out", str(keys["private"]))
    assert again.returncode == 2 and "already exists" in again.stderr


def test_untouched_signed_bundle_is_intact_and_its_signature_valid(bundle, keys, tmp_path):
    for key in (keys["public"], keys["private"]):
        result = _verify(tmp_path, bundle, "--key-file", str(key))
        assert result.returncode == 0, result.stderr
        assert "intact: 11 steps, outcome dry_run_complete, signature valid" in result.stdout
    without_key = _verify(tmp_path, bundle)
    assert without_key.returncode == 0 and "signature not checked" in without_key.stdout
    manifest = json.loads((bundle / "manifest.json").read_text())
    assert manifest["signed"] is True and manifest["signature"]["algorithm"] == "ed25519"
    assert list(manifest)[-1] == "final_hash"


def test_verify_reads_the_key_named_by_the_env_file(bundle, keys, tmp_path):
    env_file = tmp_path / "settings.env"
    env_file.write_text(f"ALIEXIT_AUDIT_KEY_FILE={keys['public']}\n")
    result = _verify(tmp_path, bundle, "--env-file", str(env_file))
    assert result.returncode == 0, result.stderr
    assert "signature valid" in result.stdout
    env_file.write_text(f"ALIEXIT_AUDIT_KEY_FILE={keys['other']}\n")
    assert _verify(tmp_path, bundle, "--env-file", str(env_file)).returncode == 1


def test_signature_from_another_key_is_rejected(bundle, keys, tmp_path):
    result = _verify(tmp_path, bundle, "--key-file", str(keys["other"]))
    assert result.returncode == 1
    assert "signed by another key" in result.stderr


def _journal(bundle: Path) -> list[str]:
    return (bundle / "journal.jsonl").read_text().splitlines(keepends=True)


def _step_line(lines: list[str], name: str) -> int:
    return next(i for i, line in enumerate(lines) if f'"name":"{name}"' in line)


def _flip_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))


def _swap_steps(bundle: Path) -> None:
    lines = _journal(bundle)
    a, b = _step_line(lines, "login"), _step_line(lines, "my-aliexpress")
    lines[a], lines[b] = lines[b], lines[a]
    (bundle / "journal.jsonl").write_text("".join(lines))


def _remove_step(bundle: Path) -> None:
    lines = _journal(bundle)
    del lines[_step_line(lines, "edit-member-profile")]
    (bundle / "journal.jsonl").write_text("".join(lines))


def _insert_step(bundle: Path) -> None:
    lines = _journal(bundle)
    at = _step_line(lines, "login")
    lines.insert(at, lines[at])
    (bundle / "journal.jsonl").write_text("".join(lines))


def _edit_manifest_outcome(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text())
    manifest["outcome"] = "submitted"
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=2))


def _edit_journal_outcome(bundle: Path) -> None:
    text = (bundle / "journal.jsonl").read_text()
    (bundle / "journal.jsonl").write_text(text.replace('"dry_run_complete"', '"submitted"'))


def _remove_signature(bundle: Path) -> None:
    manifest = json.loads((bundle / "manifest.json").read_text())
    del manifest["signature"]
    (bundle / "manifest.json").write_text(json.dumps(manifest, indent=2))


TAMPERING = {
    "a byte changed in a screenshot": (
        lambda b: _flip_byte(b / "screenshots/03-my-aliexpress.png"),
        "screenshots/03-my-aliexpress.png (step my-aliexpress) was changed",
    ),
    "a screenshot removed": (
        lambda b: (b / "screenshots/09-deactivate-form.png").unlink(),
        "screenshots/09-deactivate-form.png (step deactivate-form) is missing",
    ),
    "the page text edited": (
        lambda b: (b / "screenshots/02-login.aria.txt").write_text("- heading nothing\n"),
        "screenshots/02-login.aria.txt (step login) was changed",
    ),
    "a step removed": (_remove_step, "records were removed, inserted or reordered"),
    "two steps swapped": (_swap_steps, "records were removed, inserted or reordered"),
    "a step inserted": (_insert_step, "records were removed, inserted or reordered"),
    "the manifest's outcome edited": (
        _edit_manifest_outcome,
        "manifest.json differs from the journal in: outcome",
    ),
    "the journal's outcome edited": (_edit_journal_outcome, "was changed"),
    "a file added": (
        lambda b: (b / "screenshots/99-extra.png").write_bytes(b"\x89PNG"),
        "screenshots/99-extra.png is not in the journal (added)",
    ),
    "the report edited": (
        lambda b: (b / "report.html").write_text("<h1>Deactivation submitted</h1>"),
        "report.html (the run) was changed",
    ),
    "the log edited": (
        lambda b: (b / "log.jsonl").write_text("{}\n"),
        "log.jsonl (the run) was changed",
    ),
    "the signature removed": (
        _remove_signature,
        "the signature is missing: manifest.json has none, but the journal says the bundle "
        "was signed",
    ),
}


@pytest.mark.parametrize("case", list(TAMPERING))
def test_tampering_is_named(case, bundle, tmp_path):
    tamper, expected = TAMPERING[case]
    tamper(bundle)
    result = _verify(tmp_path, bundle)
    assert result.returncode == 1, result.stdout
    assert "NOT intact" in result.stderr and expected in result.stderr


def test_a_removed_signature_is_named_with_a_key_too(bundle, keys, tmp_path):
    _remove_signature(bundle)
    result = _verify(tmp_path, bundle, "--key-file", str(keys["public"]))
    assert result.returncode == 1 and "the signature is missing" in result.stderr


def test_a_key_given_for_an_unsigned_bundle_fails(run_cli, mock_site, keys):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=GONE)
    assert run.returncode == 0 and run.manifest["signed"] is False
    result = run_cli("audit", "verify", str(run.bundle), "--key-file", str(keys["public"]))
    assert result.returncode == 1 and "not signed" in result.stderr
    assert run_cli("audit", "verify", str(run.bundle)).stdout.rstrip().endswith("unsigned.")


@pytest.mark.parametrize(
    ("env", "expected_exit", "outcome"),
    [
        (SECOND, 0, "submitted"),
        ({**DEMO, "ALIEXPRESS_PASSWORD": "wrong-password"}, 4, "failed"),
        (GONE, 0, "already_deactivated"),
    ],
)
def test_every_kind_of_run_leaves_an_intact_bundle(run_cli, mock_site, env, expected_exit, outcome):
    run = run_cli("deactivate", "--base-url", mock_site.url, env=env)
    assert run.returncode == expected_exit, run.stderr
    assert run.manifest["outcome"] == outcome
    result = run_cli("audit", "verify", str(run.bundle))
    assert result.returncode == 0, result.stderr
    assert f"outcome {outcome}" in result.stdout


def test_a_run_killed_half_way_is_an_intact_partial_bundle(mock_site, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ALIEXPRESS_", "ALIEXIT_"))}
    env |= {**DEMO, "ALIEXIT_AUDIT_DIR": str(tmp_path / "audit")}
    process = subprocess.Popen(
        [sys.executable, "-m", "automation", "deactivate", "--base-url", mock_site.url,
         "--dry-run", "--log-format", "json"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stderr is not None
    for line in process.stderr:  # wait, by its own log, until step 3 is done
        event = json.loads(line)
        if event.get("event") == "step finished" and event.get("index") == 3:
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    (bundle,) = (tmp_path / "audit").iterdir()
    assert not (bundle / "report.html").exists()
    result = run_aliexit(tmp_path, "audit", "verify", str(bundle))
    assert result.returncode == 0, result.stderr
    assert "intact partial run" in result.stdout
    steps = int(result.stdout.split("partial run (cut off before it finished): ")[1].split()[0])
    assert steps >= 3


def test_verify_a_folder_without_journal_is_a_usage_error(run_cli, tmp_path):
    result = run_cli("audit", "verify", str(tmp_path))
    assert result.returncode == 2
    assert "holds no journal.jsonl" in result.stderr


def test_an_audit_folder_that_cannot_be_made_is_a_usage_error(run_cli, mock_site, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the audit folder would go\n")
    env = {**DEMO, "ALIEXIT_AUDIT_DIR": str(blocker / "audit")}
    result = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", env=env)
    assert result.returncode == 2 and result.bundle is None
    assert f"Cannot make the audit bundle in {blocker / 'audit'}" in result.stderr
    assert "Traceback" not in result.stderr
    assert blocker.read_text() == "a file where the audit folder would go\n"


def test_video_starts_after_sign_in_and_is_chained(run_cli, mock_site, tmp_path):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--video", env=SECOND)
    assert run.returncode == 0, run.stderr
    video = run.bundle / "video.webm"
    assert {"path": "video.webm", "sha256": hashlib.sha256(video.read_bytes()).hexdigest()} in (
        run.manifest["files"]
    )
    first = tmp_path / "first.png"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(video), "-frames:v", "1", str(first)], check=True
    )
    frame = Image.open(first).convert("L")
    signed_in_home = Image.open(run.bundle / "screenshots/02-login.png").convert("L")
    signed_in_home = signed_in_home.crop((0, 0, *frame.size))
    difference = ImageStat.Stat(ImageChops.difference(frame, signed_in_home)).mean[0]
    assert difference < 12, "the video should open on the signed-in home page, not sign-in"
    assert run_cli("audit", "verify", str(run.bundle)).returncode == 0


def test_video_without_ffmpeg_is_refused_before_any_browser(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--video",
                  env={**DEMO, "PATH": "/nonexistent"})  # fmt: skip
    assert run.returncode == 2
    assert "--video needs ffmpeg" in run.stderr
    assert "browser" not in run.manifest


def test_a_video_that_cannot_be_encoded_does_not_change_the_outcome(run_cli, mock_site, tmp_path):
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "ffmpeg").write_text("#!/bin/sh\necho 'encoder exploded' >&2\nexit 1\n")
    (broken / "ffmpeg").chmod(0o755)
    env = {**DEMO, "PATH": f"{broken}:{os.environ['PATH']}"}
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", "--video", env=env)
    assert run.returncode == 0, run.stderr
    assert not (run.bundle / "video.webm").exists()
    (event,) = [e for e in run.log_lines if e.get("event") == "video not saved"]
    assert "encoder exploded" in event["reason"]
    assert run_cli("audit", "verify", str(run.bundle)).returncode == 0
