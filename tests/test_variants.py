"""Every variant of the mock, driven through the CLI by automation that is not told which
one it is: same words in different HTML (radios / select / custom listbox, a link or a
dialog, cookie banners, late forms, a submit button enabled only once the form is complete),
and other words of the vocabulary (other consent buttons, menus, paging, amounts, a form in
two steps, a sign-in form in an iframe)."""

from __future__ import annotations

import json
import urllib.request

import pytest
from conftest import DEMO, SECOND, STEPS_TO_FORM, persona

from automation.mocksite.variants import VARIANTS

# Every markup variant in which a deactivation can be done (the changed site has no control
# at all, see test_deactivate_cli.py); the word variants (other wordings within the
# vocabulary, see variant_words.py) have tests of their own below.
FLOW_VARIANTS = [name for name, v in VARIANTS.items() if v.entry != "none" and not v.words]
WORD_VARIANTS = [name for name, v in VARIANTS.items() if v.words]


def _mock_api(url: str, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(
        f"{url}/__mock__/variant", data=data, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def _serve(mock_site, name: str) -> str:
    """The whole mock serves variant `name` for the test's runs (reset afterwards)."""
    assert _mock_api(mock_site.url, {"variant": name})["variant"] == name
    return name


@pytest.fixture(params=FLOW_VARIANTS)
def variant(request, mock_site) -> str:
    return _serve(mock_site, request.param)


def _banner_accepted(run, mock_site, variant: str) -> None:
    """A variant with a cookie banner had it accepted by the automation, and logged."""
    if VARIANTS[variant].cookie_banner == "none":
        assert _mock_api(mock_site.url)["cookie_consents"] == 0
        return
    assert _mock_api(mock_site.url)["cookie_consents"] >= 1
    assert any(e.get("event") == "cookie banner accepted" for e in run.log_lines)


def test_dry_run_on_every_variant(variant, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run",
                  "--reason", "Privacy concerns", env=DEMO)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
    assert run.step_names == [*STEPS_TO_FORM, "dry-run-stop"]
    offered = run.manifest["steps"][STEPS_TO_FORM.index("deactivate-form")]["notes"]
    assert offered["offered_reasons"] == [
        "No longer using the platform",
        "Privacy concerns",
        "Negative experience with the platform or sellers",
        "Switching to another marketplace",
        "Other",
    ]
    state = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert state["status"] == "active" and state["deactivation_requests"] == 0
    _banner_accepted(run, mock_site, variant)


def test_real_submission_on_every_variant(variant, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--release-account",
                  "--reason", "Negative experience with the platform or sellers",
                  env=SECOND)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    assert run.step_names == [*STEPS_TO_FORM, "submitted", "confirmation"]
    assert "within 24 hours" in run.manifest["steps"][-1]["notes"]["site_says"]
    state = mock_site.account(SECOND["ALIEXPRESS_LOGIN"])
    assert state["status"] == "deactivation_pending"
    assert state["deactivation_requests"] == 1
    assert state["deactivation_reason"] == "Negative experience with the platform or sellers"
    assert state["release_requested"] is True
    _banner_accepted(run, mock_site, variant)


def test_unknown_variant_is_refused_by_the_mock(mock_site):
    with pytest.raises(urllib.error.HTTPError) as refused:
        _mock_api(mock_site.url, {"variant": "no-such-markup"})
    assert refused.value.code == 400
    assert "listbox-late" in json.load(refused.value)["error"]


@pytest.fixture(params=WORD_VARIANTS)
def word_variant(request, mock_site) -> str:
    return _serve(mock_site, request.param)


def _banner_declined(run, mock_site) -> None:
    """The word variants' banners offer to decline: the automation declined, and said so."""
    assert _mock_api(mock_site.url)["cookie_rejections"] >= 1
    assert any(e.get("event") == "cookie banner rejected" for e in run.log_lines)


def test_dry_run_in_other_words(word_variant, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run",
                  "--reason", "Privacy concerns", env=DEMO)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "dry_run_complete"
    assert run.step_names == [*STEPS_TO_FORM, "dry-run-stop"]
    notes = {step["name"]: step.get("notes", {}) for step in run.manifest["steps"]}
    assert notes["orders-export"]["count"] == len(persona(DEMO["ALIEXPRESS_LOGIN"])["orders"])
    assert notes["form-filled"]["reason_key"] == "privacy"
    state = mock_site.account(DEMO["ALIEXPRESS_LOGIN"])
    assert state["status"] == "active" and state["deactivation_requests"] == 0
    _banner_declined(run, mock_site)


def test_real_submission_in_other_words(word_variant, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url,
                  "--reason", "Negative experience with the platform or sellers",
                  env=SECOND)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    assert run.step_names == [*STEPS_TO_FORM, "submitted", "confirmation"]
    state = mock_site.account(SECOND["ALIEXPRESS_LOGIN"])
    assert state["status"] == "deactivation_pending"
    assert state["deactivation_requests"] == 1
    _banner_declined(run, mock_site)
