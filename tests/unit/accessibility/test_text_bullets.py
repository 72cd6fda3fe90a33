"""bullet-punctuation: GOV.UK bullet point style."""

from __future__ import annotations

from spark.accessibility.bullets import check_bullets
from spark.accessibility.findings import Severity
from spark.accessibility.text import check_fields


def messages(text: str) -> list[str]:
    return [f.message for f in check_bullets(text, "field: Your idea")]


def test_good_list_passes():
    text = "The service will:\n- check your details\n- take payment\n- send a receipt"
    assert check_bullets(text, "x") == []


def test_good_list_in_a_field_passes():
    text = "We will:\n\n- check your details\n- send a receipt\n\nThen we stop."
    assert check_fields({"idea": text}) == []


def test_lead_in_must_end_with_a_colon():
    (finding,) = check_bullets(
        "The service will\n- check details\n- take payment", "field: Your idea"
    )
    assert finding.rule == "bullet-punctuation"
    assert finding.severity == Severity.ADVICE
    assert finding.location == "field: Your idea, bullets"
    assert "colon" in finding.message
    assert finding.reference == "GOV.UK A to Z: bullet points"


def test_list_without_a_lead_in_line():
    (message,) = messages("- check details\n- take payment")
    assert "no lead-in" in message


def test_items_ending_in_punctuation():
    for end in [".", ";", ","]:
        (message,) = messages(f"We will:\n- check details{end}\n- take payment")
        assert "full stop, semicolon or comma" in message
        assert f"'check details{end}'" in message


def test_items_ending_in_and_or_or():
    for end in [" and", " or", ", and", "; or"]:
        found = messages(f"We will:\n- check details{end}\n- take payment")
        assert any("'and' or 'or'" in m for m in found), end


def test_words_ending_in_and_or_or_are_fine():
    assert messages("We will:\n- meet in Poland\n- use the floor\n- build a brand") == []


def test_capitalised_items_are_flagged():
    (message,) = messages("We will:\n- Check details\n- take payment")
    assert "capital letter" in message
    assert "'Check details'" in message


def test_proper_nouns_and_acronyms_may_start_an_item():
    text = (
        "We work with the Met Office and Defra on data from Ofsted:\n"
        "- Met Office forecasts\n"
        "- HMRC records\n"
        "- DfE returns\n"
        "- Defra surveys\n"
        "- Jane Smith, our lead\n"
        "- I will run it"
    )
    assert messages(text) == []


def test_each_problem_is_reported_once_per_list_naming_the_items():
    text = "We will\n- One.\n- Two.\n- Three.\n- Four.\n- five"
    found = messages(text)
    assert len(found) == 3  # colon, capitals, full stops
    assert any("4 items" in m and "and 1 more" in m for m in found)


def test_two_lists_get_numbered_locations():
    text = "First:\n- one.\n\nSecond:\n- two."
    locations = [f.location for f in check_bullets(text, "field: Your idea")]
    assert locations == ["field: Your idea, bullet list 1", "field: Your idea, bullet list 2"]


def test_star_and_dot_bullets_count_too():
    assert len(messages("Things\n* one.\n• two")) == 2


def test_text_without_bullets_is_fine():
    assert messages("Just a paragraph. - not a bullet - because it is mid-line.") == []
