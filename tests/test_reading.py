"""Reading the site's words without a browser: amounts, sentence shapes, record lines, items,
the choice of an answer, and a user's --words file."""

from __future__ import annotations

from pathlib import Path

import pytest

from automation.errors import ExitCode, UsageError
from automation.flows.choice import meaningful, pick_option
from automation.pages.amounts import AmountError, amounts_in, parse_amount
from automation.pages.find import name_pattern
from automation.pages.record_text import labelled_values, parse_items, status_line
from automation.pages.words import Vocabulary, words_for
from automation.pages.words.concepts import CONCEPTS
from automation.words_file import load_words_file

EN = words_for("en")
REASONS = Vocabulary().keyed_everywhere("reason")


@pytest.mark.parametrize(
    ("text", "stated", "value", "currency"),
    [
        ("US $23.45", None, "23.45", "USD"),
        ("$23.45", None, "23.45", "USD"),
        ("$23.45", "CAD", "23.45", "CAD"),
        ("23.45 USD", None, "23.45", "USD"),
        ("USD 23.45", None, "23.45", "USD"),
        ("€11.49", None, "11.49", "EUR"),
        ("1.234,50 €", None, "1234.50", "EUR"),
        ("1 234,50 USD", None, "1234.50", "USD"),
        ("1,050.00 USD", None, "1050.00", "USD"),
        ("R$ 10,00", None, "10.00", "BRL"),
        ("17.89", "USD", "17.89", "USD"),
        ("17.89", None, "17.89", None),
    ],
)
def test_amounts_as_people_write_them(text, stated, value, currency):
    amount = parse_amount(text, stated)
    assert (amount.value, amount.currency) == (value, currency)


def test_text_that_is_no_amount_is_refused():
    with pytest.raises(AmountError):
        parse_amount("free")


def test_amounts_inside_a_line_skip_model_numbers_and_quantities():
    found = amounts_in("Wireless Earbuds TWS 5.3 Qty: 1 × US $7.99")
    assert [(m.group(0), a.value) for m, a in found] == [("US $7.99", "7.99")]
    assert [a.value for _, a in amounts_in("Knitted Scarf x2 $3.80")] == ["3.80"]


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("Showing 1–20 of 1,050 orders", "1,050"),
        ("Showing 1-25 of 137", "137"),
        ("137 orders", "137"),
        ("Total: $12.49\nOrder No. 5", None),  # an amount above a label is no total
        ("There is nothing to show here yet", None),
    ],
)
def test_stated_totals_by_sentence_shape(text, total):
    found = EN.read("orders_total", text)
    assert (found or {}).get("total") == total


def test_sentence_shapes_of_other_languages():
    found = words_for("ru").read("orders_total", "Показаны 1–20 из 1 050 заказов")
    assert found is not None and found["total"] == "1 050"
    assert EN.read("page_position", "Page 2 of 7") == {"page": "2", "pages": "7"}
    assert EN.read("currency_statement", "All amounts in USD.") == {"code": "USD"}


def test_every_language_names_only_known_concepts_and_english_names_all():
    from importlib import import_module

    for lang in ("en", "es", "fr", "ru", "pt"):
        vocabulary = import_module(f"automation.pages.words.{lang}").VOCABULARY
        assert set(vocabulary) <= set(CONCEPTS), lang
    assert set(import_module("automation.pages.words.en").VOCABULARY) == set(CONCEPTS)


def test_words_try_the_users_own_first_then_the_language_then_english():
    words = Vocabulary({"es": {"my_orders": ["Pedidos hechos"]}}).words("es-ES")
    assert words["my_orders"][:2] == ("Pedidos hechos", "Mis pedidos")
    assert "My Orders" in words["my_orders"]
    assert words.name("my_orders") == "Mis pedidos"
    assert Vocabulary().any_language()["my_aliexpress"][:2] == ("My AliExpress", "Account")


@pytest.mark.parametrize(
    ("name", "match", "hit"),
    [
        ("Sign in", "exact", True),
        ("Sign in:", "exact", True),
        ("Sign in to AliExpress now", "exact", False),
        ("Hi, Demo Buyer My AliExpress", "loose", True),
        ("Account security", "loose", False),
        ("Don’t use AliExpress anymore", "exact", True),  # a curly apostrophe
    ],
)
def test_name_patterns(name, match, hit):
    wordings = ["Sign in", "My AliExpress", "Account", "Don't use AliExpress anymore"]
    assert bool(name_pattern(wordings, match).search(name)) is hit


def test_a_card_read_as_label_lines():
    lines = [
        "Order No. 8195 8821 0067 3311",
        "Finished",
        "Placed on 2025-11-03",
        "Sold by Urban Style Apparel Store",
        "Knitted Scarf x2 $3.80",
        "Total: $9.20",
    ]
    labels = {
        "id": EN["order_id"],
        "date": EN["order_date"],
        "store": EN["order_store"],
        "total": EN["order_total"],
    }
    values, used = labelled_values(lines, labels)
    assert values == {
        "id": "8195 8821 0067 3311",
        "date": "2025-11-03",
        "store": "Urban Style Apparel Store",
        "total": "$9.20",
    }
    key, label, at = status_line(lines, EN.keyed("order_status"), used)
    assert (key, label, at) == ("completed", "Finished", 1)


def test_a_label_above_its_value_and_a_title_that_only_begins_like_a_label():
    values, _ = labelled_values(["Order number", "8012", "Store", "Ocean"], {
        "id": EN["order_id"], "store": EN["order_store"],
    })  # fmt: skip
    assert values == {"id": "8012", "store": "Ocean"}
    values, _ = labelled_values(["Store coupon - Sunrise", "Valid until 2026-12-31"], {
        "store": EN["coupon_store"], "expires": EN["coupon_expires"],
    })  # fmt: skip
    assert values == {"store": None, "expires": "2026-12-31"}


@pytest.mark.parametrize(
    ("lines", "items"),
    [
        (
            ["Earbuds TWS 5.3 Qty: 1 × US $7.99", "Glass (2 pcs) Qty: 2 × US $1.25"],
            [("Earbuds TWS 5.3", 1, "7.99"), ("Glass (2 pcs)", 2, "1.25")],
        ),
        (["Knitted Scarf (2 × 3.80 USD)"], [("Knitted Scarf", 2, "3.80")]),
        (["Knitted Scarf", "x2", "$3.80", "Hair Clips", "x1", "$1.60"],
         [("Knitted Scarf", 2, "3.80"), ("Hair Clips", 1, "1.60")]),
        (["Phone case", "Color: Black", "US $12.34x1"], [("Phone case", 1, "12.34")]),
        (["Title (2 × 6.45)"], [("Title", 2, "6.45")]),
    ],
)  # fmt: skip
def test_items_however_a_card_writes_them(lines, items):
    parsed = parse_items(lines, "USD")
    assert [(i["name"], i["quantity"], i["unit_price"]) for i in parsed] == items


@pytest.mark.parametrize(
    ("requested", "offered", "text", "how"),
    [
        (None, ["I no longer use AliExpress", "Other"], "I no longer use AliExpress", "key"),
        ("privacy", ["Privacy concerns", "Other"], "Privacy concerns", "key"),
        ("Preocupaciones de privacidad", ["Privacy concerns"], "Privacy concerns", "wording"),
        ("other", ["Other"], "Other", "key"),
        ("No longer using", ["I stopped using the app", "Other"], "I stopped using the app",
         "shared words"),
        ("not-using", ["I no longer use the app", "Privacy"], "I no longer use the app",
         "shared words"),
    ],
)  # fmt: skip
def test_pick_an_answer(requested, offered, text, how):
    pick = pick_option(requested, offered, REASONS, "not-using")
    assert (pick.text, pick.how) == (text, how)


def test_an_ambiguous_or_unknown_answer_is_refused_with_what_the_page_offers():
    with pytest.raises(UsageError, match="matches several") as ambiguous:
        pick_option("marketplace", ["Other marketplace", "New marketplace"], REASONS, "other")
    assert '"Other marketplace", "New marketplace"' in ambiguous.value.sentence
    with pytest.raises(UsageError, match="is not offered") as unknown:
        pick_option("Bored", ["Privacy concerns"], REASONS, "other")
    assert unknown.value.exit_code == ExitCode.USAGE


def test_meaningful_words_ignore_small_words_and_endings():
    words = meaningful("I no longer use AliExpress")
    assert len(words) == 3 and not words & {"i", "no"}
    assert meaningful("No longer using the platform") & words == meaningful("longer used")


def _words_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "words.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_words_file_adds_wordings(tmp_path: Path):
    loaded = load_words_file(_words_file(tmp_path, """
[en]
submit_deactivation = ["Deactivate now"]
"reason.privacy" = "My privacy"
[en.order_status]
completed = ["All done"]
[es]
my_orders = ["Pedidos"]
"""))  # fmt: skip
    assert loaded.additions == {
        "en": {
            "submit_deactivation": ["Deactivate now"],
            "reason.privacy": ["My privacy"],
            "order_status.completed": ["All done"],
        },
        "es": {"my_orders": ["Pedidos"]},
    }
    words = Vocabulary(loaded.additions).words("en")
    assert words["submit_deactivation"][0] == "Deactivate now"
    assert len(loaded.sha256) == 64 and loaded.evidence()["path"].endswith("words.toml")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("[en\nx = 1", "is not valid TOML"),
        ('[xx]\nmy_orders = ["a"]', "[xx] (line 1) is not a language"),
        ('[en]\nsubmit_deactivate = ["a"]', 'did you mean "submit_deactivation"'),
        ('[en]\n\nmy_order = ["a"]', "[en] my_order (line 3) is not a concept"),
        ("[en]\nmy_orders = []", "must be a list of wordings"),
        ('[en]\norders_total = ["{count} orders"]', "unknown placeholder {count}"),
    ],
)
def test_a_bad_words_file_is_refused_naming_the_line_or_key(tmp_path: Path, text, says):
    with pytest.raises(UsageError) as refused:
        load_words_file(_words_file(tmp_path, text))
    assert says in refused.value.sentence and refused.value.exit_code == ExitCode.USAGE


def test_an_unreadable_words_file_is_refused(tmp_path: Path):
    with pytest.raises(UsageError, match="Cannot read --words"):
        load_words_file(tmp_path / "missing.toml")
