"""No secret in any file of a bundle, in a log line, on the terminal, or in a screenshot."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pyotp
import pytest
from conftest import DEMO, SECOND, credentials, persona
from PIL import Image

from automation.audit.screenshot import full_page_png

WRONG = "wrong-but-still-secret-7"
OTP_LOGIN = "otp.buyer@example.com"
OTP = {**credentials(OTP_LOGIN), "ALIEXPRESS_TOTP_SECRET": persona(OTP_LOGIN)["totp_secret"]}
PASSWORDS = [DEMO["ALIEXPRESS_PASSWORD"], SECOND["ALIEXPRESS_PASSWORD"], OTP["ALIEXPRESS_PASSWORD"]]


def _colors(image: Image.Image, box) -> set[tuple[int, int, int]]:
    return {color for _count, color in image.crop(box).getcolors(1 << 20)}


def _all_bundle_bytes(bundle) -> list[tuple[str, bytes]]:
    """Every file of a bundle, and every member of a zip in it, as bytes."""
    found = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
        found.append((str(path), path.read_bytes()))
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                found += [(f"{path}!{n}", archive.read(n)) for n in archive.namelist()]
    return found


SESSION_COOKIE = re.compile(rb"aliexpress_session=([^;\"\s\\]*)")


def _codes_of_the_run(secret: str, manifest: dict) -> set[str]:
    """Every one-time code the secret gave while the run went (a step either side)."""
    totp = pyotp.TOTP(secret)
    start = datetime.fromisoformat(manifest["started_at"]).timestamp() - totp.interval
    end = datetime.fromisoformat(manifest["finished_at"]).timestamp() + totp.interval
    moments = [start + k * totp.interval for k in range(int((end - start) // totp.interval) + 1)]
    return {totp.at(moment) for moment in [*moments, end]}


def _code_pattern(code: str) -> re.Pattern[bytes]:
    """`code` where it stands alone: not six digits inside a longer hex or digit string."""
    return re.compile(rb"(?<![0-9A-Fa-f])" + code.encode() + rb"(?![0-9A-Fa-f])")


RUNS = {
    "submitted, traced and filmed": (["--trace", "--video"], SECOND, 0),
    "dry run, console log, traced": (["--dry-run", "--trace", "--log-format", "console"], DEMO, 0),
    "bad reason, traced": (["--reason", "nope", "--trace"], DEMO, 2),
    "wrong password": ([], {**DEMO, "ALIEXPRESS_PASSWORD": WRONG}, 4),
    "one-time code, traced": (["--dry-run", "--trace"], OTP, 0),
}


@pytest.mark.parametrize("case", list(RUNS))
def test_no_secret_in_any_file_trace_or_log_line(run_cli, mock_site, case):
    flags, env, expected = RUNS[case]
    run = run_cli("deactivate", "--base-url", mock_site.url, *flags, env=env)
    assert run.returncode == expected, run.stderr
    assert any(line.get("event") == "step finished" for line in run.log_lines)
    files = _all_bundle_bytes(run.bundle)
    names = {name.rsplit("/", 1)[-1] for name, _ in files}
    assert {"manifest.json", "log.jsonl", "journal.jsonl", "report.html"} <= names
    for secret in [*PASSWORDS, WRONG]:
        assert secret not in run.stdout and secret not in run.stderr
        for name, data in files:
            assert secret.encode() not in data, f"password found in {name}"
    if "ALIEXPRESS_TOTP_SECRET" in env:
        assert any(step["name"] == "verification-code" for step in run.manifest["steps"])
        secret = env["ALIEXPRESS_TOTP_SECRET"]
        for name, data in [("stdout/stderr", (run.stdout + run.stderr).encode()), *files]:
            assert secret.encode() not in data, f"TOTP secret found in {name}"
            for code in _codes_of_the_run(secret, run.manifest):
                assert not _code_pattern(code).search(data), f"one-time code {code} in {name}"
    cookie_values = [v for _, data in files for v in SESSION_COOKIE.findall(data)]
    assert all(value in (b"", b"***") for value in cookie_values), "session cookie in bundle"
    if "--trace" in flags and expected != 4:
        assert "trace.zip" in names and cookie_values  # requests were traced, cookies scrubbed


def test_bundle_is_private(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", "--trace", "--video",
                  env=DEMO)  # fmt: skip
    assert {"trace.zip", "video.webm", "report.html"} <= {p.name for p in run.bundle.iterdir()}
    assert run.bundle.stat().st_mode & 0o777 == 0o700
    for path in run.bundle.rglob("*"):
        expected = 0o700 if path.is_dir() else 0o600
        assert path.stat().st_mode & 0o777 == expected, path


async def test_password_field_is_masked_in_screenshots(page, mock_site):
    """The password box is one solid colour in the evidence, however long the password."""
    await page.goto(f"{mock_site.url}/login")
    field = page.get_by_label("Password", exact=True)
    box = await field.bounding_box()
    inside = (box["x"] + 3, box["y"] + 3, box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    for typed in ("x", "a-much-longer-password-than-before"):
        await field.fill(typed)
        shot = Image.open(io.BytesIO(await full_page_png(page))).convert("RGB")
        assert _colors(shot, inside) == {(255, 0, 255)}, typed
    # The same check on an unmasked picture sees the dots: it would catch a leak.
    plain = Image.open(io.BytesIO(await page.screenshot())).convert("RGB")
    assert len(_colors(plain, inside)) > 1


async def test_password_field_inside_an_iframe_is_masked(page):
    """Real sign-in forms often sit in an iframe: its password box is covered too."""
    await page.set_content(
        '<p>Sign in below</p><iframe style="width:600px;height:200px;border:0" srcdoc="'
        "<label>Password <input type=password style='width:300px;height:40px'></label>"
        '"></iframe>'
    )
    frame = page.frame_locator("iframe")
    field = frame.get_by_label("Password")
    await field.fill("iframe-secret-123")
    box = await field.bounding_box()
    inside = (box["x"] + 3, box["y"] + 3, box["x"] + box["width"] - 3, box["y"] + box["height"] - 3)
    shot = Image.open(io.BytesIO(await full_page_png(page))).convert("RGB")
    assert _colors(shot, inside) == {(255, 0, 255)}
