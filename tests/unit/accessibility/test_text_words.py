"""words-to-avoid, acronym-unexpanded and all-caps."""

from __future__ import annotations

import json

import pytest

from spark.accessibility.findings import Severity
from spark.accessibility.text import check_extracted_text, check_fields
from spark.accessibility.wording import DATA_FILE, avoid_words, check_words_to_avoid
from spark.accessibility.wording_acronyms import acronym_of, check_acronyms
from spark.accessibility.wording_capitals import check_all_caps


def avoid(text: str) -> list[str]:
    return [f.message for f in check_words_to_avoid(text, "field: Your idea")]


def acronyms(text: str) -> list[str]:
    return [f.message.split("'")[1] for f in check_acronyms(text, "x")]


# ---------------------------------------------------------------- words to avoid

RULES_DOC_WORDS = [
    "agenda",
    "advance",
    "collaborate",
    "combat",
    "commit",
    "pledge",
    "counter",
    "deliver",
    "deploy",
    "dialogue",
    "disincentivise",
    "empower",
    "facilitate",
    "focus",
    "foster",
    "impact",
    "incentivise",
    "initiate",
    "key",
    "land",
    "leverage",
    "liaise",
    "overarching",
    "progress",
    "promote",
    "robust",
    "streamline",
    "strengthening",
    "tackle",
    "transform",
    "utilise",
    "drive",
    "hub",
    "portal",
]
RULES_DOC_PHRASES = [
    "slim down",
    "drive out",
    "going forward",
    "moving forward",
    "in order to",
    "one-stop shop",
    "ring fencing",
    "slimming down",
    "tackling",
    "transforming",
]


def test_the_data_file_covers_every_word_in_the_rules_doc():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    for entry in data["entries"]:
        assert entry["replacement"]
        assert "unless" in entry
        assert entry["kind"] in {"word", "metaphor"}
    for word in RULES_DOC_WORDS + RULES_DOC_PHRASES:
        assert avoid(f"We {word} it."), word
    assert len(avoid_words()) == len(data["entries"])


@pytest.mark.parametrize(
    "text",
    [
        "combat",
        "combats",
        "combating",
        "combatting",
        "combatted",
        "leverage",
        "leveraging",
        "leveraged",
        "deliver",
        "delivers",
        "delivering",
        "delivered",
        "delivery",
        "landed",
        "lands",
        "landing",
        "COMBAT",
        "Leverage",
        "utilize",
        "focussed",
    ],
)
def test_inflections_and_case_match(text):
    assert len(avoid(f"We {text} things.")) == 1


@pytest.mark.parametrize(
    "text",
    [
        "peatland",
        "landscape",
        "wonderland",
        "Scotland",
        "keyboard",
        "hubris",
        "deliverance",
        "combatant",
        "counterpart",
        "focal",
        "impala",
        "advantage",
        "driving licence",
        "make progress",
        "made progress",
        "in advance",
        "landing page",
        "order to",
        "going forth",
        "impact assessment",
        "Key Stage 2",
        "key workers",
        "API key",
        "shared drive",
        "delivery manager",
        "HM Land Registry",
        "focus groups",
    ],
)
def test_word_boundaries_and_acceptable_senses_do_not_match(text):
    assert avoid(f"A {text} here.") == []


@pytest.mark.parametrize(
    "text",
    [
        "going forward",
        "Going  forward",
        "moving forwards",
        "in order to",
        "In order to",
        "one-stop shop",
        "one stop shop",
        "one-stop-shop",
        "drive out",
        "driving out",
        "ring fencing",
        "ring-fenced",
        "ringfenced",
        "slim down",
        "slimming down",
        "slimmed-down",
    ],
)
def test_multi_word_phrases_match(text):
    assert len(avoid(f"We are {text} costs.")) == 1


def test_drive_out_is_one_finding_not_drive_as_well():
    found = check_words_to_avoid("We will drive out waste.", "x")
    assert len(found) == 1
    assert "'drive out'" in found[0].message


def test_finding_shows_the_replacement_and_the_unless_note():
    (finding,) = check_words_to_avoid("We will combat fraud.", "field: The problem")
    assert finding.rule == "words-to-avoid"
    assert finding.severity == Severity.WARNING
    assert finding.location == "field: The problem"
    assert "'combat'" in finding.message
    assert "solve, fix" in finding.fix
    assert "military" in finding.fix
    assert finding.reference == "GOV.UK A to Z: words to avoid"


def test_metaphors_cite_the_metaphor_guidance():
    (finding,) = check_words_to_avoid("Going forward we will change.", "x")
    assert "metaphor" in finding.message
    assert "from now on" in finding.fix
    assert "metaphors" in finding.reference


def test_repeated_word_is_one_finding_with_a_count():
    (finding,) = check_words_to_avoid("We deliver. They delivered. Delivery matters.", "x")
    assert "3 times" in finding.message


def test_words_to_avoid_never_block():
    text = " ".join(RULES_DOC_WORDS + RULES_DOC_PHRASES)
    found = check_words_to_avoid(text, "x")
    assert len(found) >= len(RULES_DOC_WORDS)
    assert {f.severity for f in found} == {Severity.WARNING}


def test_words_to_avoid_run_on_fields_and_attachments():
    assert [f.rule for f in check_fields({"team": "We liaise daily."})] == ["words-to-avoid"]
    assert [f.rule for f in check_extracted_text("We liaise daily.", "page 2")] == [
        "words-to-avoid"
    ]


# ---------------------------------------------------------------- acronyms


def test_unexpanded_acronym_is_flagged_once_at_first_use():
    found = check_acronyms("The CRM is old. The CRM is slow.", "field: The problem")
    assert len(found) == 1
    assert found[0].rule == "acronym-unexpanded"
    assert found[0].severity == Severity.WARNING
    assert "'CRM'" in found[0].message
    assert "(CRM)" in found[0].fix
    assert found[0].reference == "GOV.UK A to Z: abbreviations and acronyms"


@pytest.mark.parametrize(
    "text",
    [
        "Customer relationship management (CRM) is old. The CRM is slow.",
        "CRM (customer relationship management) is old. The CRM is slow.",
        "The Driver and Vehicle Standards Agency (DVSA) tests drivers.",
        "The Department for Education (DfE) and the DfE team.",
        "Her Majesty's Revenue and Customs (HMRC) collects tax.",
        "HM Revenue and Customs (HMRC) collects tax.",
        "We use application programming interfaces (APIs). APIs help.",
        "We use an API (application programming interface).",
        "The Office for National Statistics (ONS) publishes data.",
        "The Ministry of Housing, Communities and Local Government (MHCLG) funds it.",
        "A know-your-customer (KYC) check.",
        "Business to business (B2B) sales.",
    ],
)
def test_expanded_acronyms_pass_both_ways_and_with_small_words(text):
    assert acronyms(text) == []


def test_expansion_after_first_use_is_too_late():
    assert acronyms("The CRM is old. Customer relationship management (CRM) helps.") == ["CRM"]


def test_expansion_must_match_the_initials():
    assert acronyms("Customer records (CRM) are old.") == ["CRM"]
    assert acronyms("CRM (our old system) is slow.") == ["CRM"]


@pytest.mark.parametrize("word", ["UK", "US", "EU", "VAT", "MP", "MPs", "DVLA", "GOV.UK"])
def test_allowed_acronyms(word):
    assert acronyms(f"The {word} rules apply.") == []


@pytest.mark.parametrize(
    "word", ["PowerPoint", "GitHub", "YouTube", "LinkedIn", "McDonald", "iPhone", "I", "A"]
)
def test_words_with_internal_capitals_are_not_acronyms(word):
    assert acronym_of(word) is None


def test_plurals_are_the_acronym():
    assert acronym_of("APIs") == "API"
    assert acronym_of("DfE") == "DfE"
    assert acronym_of("NHS") == "NHS"
    assert acronyms("The APIs are slow. The API is old.") == ["API"]


def test_roman_numerals_are_not_acronyms():
    assert acronyms("Phase II and part IV.") == []


def test_first_use_counts_across_fields_in_pitch_order():
    fields = {
        "problem": "Customer relationship management (CRM) is slow.",
        "idea": "We will replace the CRM.",
    }
    assert check_fields(fields) == []
    fields = {"problem": "The CRM is slow.", "idea": "Customer relationship management (CRM)."}
    found = check_fields(fields)
    assert [(f.rule, f.location) for f in found] == [("acronym-unexpanded", "field: The problem")]


def test_words_in_block_capitals_are_left_to_all_caps():
    found = check_fields({"idea": "PLEASE READ THIS NOW before you start."})
    assert [f.rule for f in found] == ["all-caps"]


# ---------------------------------------------------------------- capitals


def test_three_capitalised_words_in_a_row_are_flagged():
    (finding,) = check_all_caps("This is VERY VERY IMPORTANT for all of us here.", "field: Title")
    assert finding.rule == "all-caps"
    assert finding.severity == Severity.WARNING
    assert "VERY VERY IMPORTANT" in finding.message
    assert "Capitals" in finding.reference or "capitals" in finding.reference


@pytest.mark.parametrize(
    "text",
    [
        "This is VERY IMPORTANT for us and the team.",  # only 2 in a row
        "The NHS, DWP and HMRC share data with the team.",  # broken by lower case
        "HMRC. DWP. Then NHS and friends do things here.",  # broken by full stops
    ],
)
def test_fewer_than_three_in_a_row_pass(text):
    assert check_all_caps(text, "x") == []


def test_single_letters_do_not_count_but_do_not_break_a_run():
    assert check_all_caps("We READ A BOOK daily with friends and family.", "x") == []
    assert len(check_all_caps("We READ A BOOK NOW with friends and family.", "x")) == 1


def test_text_more_than_half_capitals_is_flagged():
    (finding,) = check_all_caps("Faster BADGE RENEWALS now", "field: Title")
    assert "More than half" in finding.message


def test_half_capitals_exactly_passes_and_short_text_is_not_judged_by_ratio():
    assert check_all_caps("ABCDEFGHIJ abcdefghij", "x") == []  # 10 of 20 letters
    assert check_all_caps("NHS app", "x") == []  # too short to judge, and only one word


def test_all_caps_is_reported_once_per_location():
    text = "WE ARE HERE. and then THEY ARE THERE. and more lower case words to keep the ratio low"
    (finding,) = check_all_caps(text, "x")
    assert "1 more place" in finding.message
