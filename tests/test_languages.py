"""English, Spanish, French, Russian and Portuguese: the mock speaks them, the automation
reads them (from --locale, or from each page's lang), and the export stays exact."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from conftest import DEMO, ROOT, SECOND, STEPS_TO_FORM, credentials, persona
from flask.testing import FlaskClient
from test_export import _exported, _fixture_orders

from automation.errors import ExitCode, UsageError
from automation.flows.deactivate import choose_reason
from automation.pages.words import SUPPORTED_LANGUAGES, words_for

LANGUAGES = ("en", "es", "fr", "ru", "pt")
REASON_KEYS = {
    "not-using": "No longer using the platform",
    "privacy": "Privacy concerns",
    "negative-experience": "Negative experience with the platform or sellers",
    "switching": "Switching to another marketplace",
    "other": "Other",
}


def site_words(lang: str) -> dict:
    """What the mock shows in `lang` (its own data, the source the tests compare with)."""
    path = ROOT / "fixtures" / "site" / "locales" / f"{lang}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def reasons_shown(lang: str) -> list[str]:
    return [site_words(lang)["deactivate.reasons"][text] for text in REASON_KEYS.values()]


# --- the mock -------------------------------------------------------------------------------


def _lang_of(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True)).group(1)


def test_mock_language_from_header_query_cookie_and_persona(client: FlaskClient) -> None:
    assert _lang_of(client.get("/")) == "en"
    answer = client.get("/login", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"})
    assert _lang_of(answer) == "ru" and "Электронная почта или ID участника" in unescape(
        answer.get_data(as_text=True)
    )
    assert _lang_of(client.get("/", headers={"Accept-Language": "de-DE,pt-BR;q=0.8"})) == "pt"
    assert _lang_of(client.get("/?lang=es")) == "es"  # remembered in a cookie from now on
    assert _lang_of(client.get("/login", headers={"Accept-Language": "fr"})) == "es"


def test_mock_signed_in_persona_speaks_its_saved_language(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    fr = credentials("amelie.fr@example.com")
    client.post("/login", data={"csrf_token": token, "login": fr["ALIEXPRESS_LOGIN"],
                                "password": fr["ALIEXPRESS_PASSWORD"]})  # fmt: skip
    orders = unescape(client.get("/orders", headers={"Accept-Language": "en-US"}).get_data(True))
    assert '<html lang="fr">' in orders and "Mes commandes" in orders
    assert "1\u202f499,00 EUR" in orders  # French writes thousands with a narrow space


def test_mock_validation_messages_are_translated(client: FlaskClient) -> None:
    answer = client.post("/login?lang=pt", data={"csrf_token": "x"})
    assert answer.status_code == 400 and "Sua sessão expirou" in unescape(answer.get_data(True))
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    refused = client.post("/login", data={"csrf_token": token, "login": "", "password": ""})
    assert refused.status_code == 422
    assert "Informe seu e-mail ou ID de membro." in unescape(refused.get_data(as_text=True))


# --- reasons, locales (no browser) ----------------------------------------------------------


def test_words_for_knows_every_language() -> None:
    assert SUPPORTED_LANGUAGES == LANGUAGES
    for lang in LANGUAGES:
        words = words_for(lang)
        assert words.lang == lang and set(words.keyed("reason")) == set(REASON_KEYS)
        assert words["deactivate_account"][0] == site_words(lang)["profile.deactivate"]
    assert words_for("pt-BR").lang == "pt" and words_for("es_ES").lang == "es"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_reason_by_key_and_by_its_text(lang: str) -> None:
    offered = reasons_shown(lang)
    assert choose_reason("privacy", offered).text == offered[1]
    assert choose_reason(offered[3].upper(), offered).text == offered[3]
    assert choose_reason("Switching to another marketplace", offered).text == offered[3]
    assert choose_reason(None, offered).text == offered[0]


def test_unknown_reason_lists_keys_and_the_page_texts() -> None:
    with pytest.raises(UsageError) as refused:
        choose_reason("Demasiados correos", reasons_shown("es"))
    sentence = refused.value.sentence
    assert refused.value.exit_code == ExitCode.USAGE
    assert "not-using, privacy, negative-experience, switching, other" in sentence
    assert '"Preocupaciones de privacidad"' in sentence


# --- the whole flow through the CLI ---------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dry_run_in_every_language(lang, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", "--locale", lang,
                  "--reason", "privacy", env=DEMO)  # fmt: skip
    assert run.returncode == 0, run.stderr
    manifest = run.manifest
    assert manifest["outcome"] == "dry_run_complete"
    assert manifest["locale"] == lang and manifest["site_language"] == lang
    assert run.step_names == [*STEPS_TO_FORM, "dry-run-stop"]
    notes = {s["name"]: s.get("notes", {}) for s in manifest["steps"]}
    assert notes["deactivate-form"]["offered_reasons"] == reasons_shown(lang)
    assert notes["form-filled"]["reason"] == reasons_shown(lang)[1]
    assert site_words(lang)["deactivate.submit"] in run.stdout
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


@pytest.mark.parametrize(
    ("lang", "reason", "expected"),
    [
        ("es", "privacy", "Privacy concerns"),  # by key
        ("ru", "Перехожу на другой маркетплейс", "Switching to another marketplace"),  # by text
        ("pt", "outro", "Other"),  # by text, any case
    ],
)
def test_real_submission_in_other_languages(lang, reason, expected, run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--locale", lang,
                  "--reason", reason, env=SECOND)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["outcome"] == "submitted"
    site_says = run.manifest["steps"][-1]["notes"]["site_says"]
    assert site_words(lang)["result.processing"] in site_says
    state = mock_site.account(SECOND["ALIEXPRESS_LOGIN"])
    assert state["status"] == "deactivation_pending"
    assert state["deactivation_reason"] == expected and state["deactivation_requests"] == 1


@pytest.mark.parametrize("browser_locale", [None, "es-ES"])
def test_language_is_detected_and_follows_the_accounts_saved_language(
    browser_locale, run_cli, mock_site
):
    """A French account: the pages before sign-in are in the browser's language, the ones
    after it in French; no --locale, or a --locale that differs, and the run still works."""
    flags = ["--locale", browser_locale] if browser_locale else []
    login = "amelie.fr@example.com"
    run = run_cli("deactivate", "--base-url", mock_site.url, "--dry-run", *flags,
                  env=credentials(login))  # fmt: skip
    assert run.returncode == 0, run.stderr
    notes = {s["name"]: s.get("notes", {}) for s in run.manifest["steps"]}
    assert notes["login"]["language"] == ("es" if browser_locale else "en")
    assert notes["my-aliexpress"]["language"] == "fr"
    assert run.manifest["site_language"] == "fr"
    assert notes["deactivate-form"]["offered_reasons"] == reasons_shown("fr")
    switched = [e for e in run.log_lines if e.get("event") == "page language"]
    assert switched and switched[-1]["lang"] == "fr"
    assert mock_site.account(login)["status"] == "active"


def test_unknown_locale_exit_2_listing_the_supported_ones(run_cli):
    run = run_cli("deactivate", "--dry-run", "--locale", "de-DE", env=DEMO)
    assert run.returncode == 2
    assert 'The locale "de-DE" is not supported' in run.stderr
    listed = "en (English), es (Spanish), fr (French), ru (Russian), pt (Portuguese)"
    assert listed in run.stderr
    assert run.manifest["outcome"] == "failed" and run.manifest["steps"] == []
    assert "browser" not in run.manifest  # refused before any browser started


def test_unknown_reason_in_spanish_lists_keys_and_spanish_texts(run_cli, mock_site):
    run = run_cli("deactivate", "--base-url", mock_site.url, "--locale", "es",
                  "--reason", "Too many emails", env=DEMO)  # fmt: skip
    assert run.returncode == 2
    assert "not-using, privacy, negative-experience, switching, other" in run.stderr
    assert '"Preocupaciones de privacidad"' in run.stderr
    assert mock_site.account(DEMO["ALIEXPRESS_LOGIN"])["status"] == "active"


@pytest.mark.parametrize(
    ("login", "lang", "written"),
    [
        ("lucia.es@example.com", "es", "1.264,47 EUR"),
        ("amelie.fr@example.com", "fr", "1\u202f499,00 EUR"),
        ("ivan.ru@example.com", "ru", "12\u00a0345,60 USD"),
    ],
)
def test_export_is_exact_whatever_the_number_format(login, lang, written, run_cli, mock_site,
                                                    tmp_path):  # fmt: skip
    out = tmp_path / "orders"
    run = run_cli("export", "--out", str(out), "--base-url", mock_site.url,
                  env=credentials(login))  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.manifest["site_language"] == lang
    document = json.loads((out / "orders.json").read_text(encoding="utf-8"))
    assert document["complete"] is True
    assert _exported(document) == _fixture_orders(login)
    labels = {o["status_label"] for o in document["orders"]}
    assert labels <= set(site_words(lang)["orders.statuses"].values())
    html = (run.bundle / "screenshots" / "04-orders-export.aria.txt").read_text(encoding="utf-8")
    assert written in html or written.replace("\u202f", " ").replace("\u00a0", " ") in html
    assert any(o["total"] == persona(login)["orders"][0]["total"] for o in document["orders"])
