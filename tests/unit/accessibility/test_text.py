"""Text rules on pitch fields: reading age, sentence length, links, colour, check_fields."""

from __future__ import annotations

import textstat

from spark.accessibility.findings import Severity
from spark.accessibility.text import (
    ReadingAge,
    check_extracted_text,
    check_fields,
    check_link_text,
    pitch_reading_age,
    plain_text,
    reading_age,
    sentences,
)

SIMPLE = "We fix the old form. It is slow. People wait a long time. We will make it quick. "
HARD = (
    "Interdepartmental administrative reconciliation necessitates comprehensive "
    "institutional harmonisation, considerable organisational reconfiguration and "
    "sophisticated infrastructural modernisation across governmental jurisdictions. "
)


def rules(findings, rule=None):
    ids = [f.rule for f in findings]
    return ids if rule is None else [r for r in ids if r == rule]


def words(n: int) -> str:
    return " ".join(["cat"] * n) + "."


# ---------------------------------------------------------------- reading age


def test_reading_age_needs_100_words():
    assert reading_age(words(99)) is None
    score = reading_age(words(100))
    assert score is not None
    assert score.words == 100


def test_reading_age_ignores_urls_and_markdown_in_the_word_count():
    text = words(95) + " [one two three four](https://example.com/a/b/c) https://gov.uk/x **b**"
    score = reading_age(text)
    assert score is not None
    assert score.words == 100  # 95 + 4 link words + 'b'; URLs are not words


def test_simple_text_is_not_flagged_but_its_score_is_available():
    fields = {"problem": SIMPLE * 5, "idea": SIMPLE * 5, "benefits": SIMPLE * 5}
    assert rules(check_fields(fields), "reading-age-high") == []
    score = pitch_reading_age(fields)
    assert score is not None
    assert not score.too_high
    assert "GOV.UK aims for 9" in score.summary
    assert "Flesch-Kincaid grade" in score.summary


def test_hard_text_is_a_warning_showing_the_score_against_the_target():
    fields = {"problem": HARD * 4, "idea": HARD * 4, "benefits": HARD * 2}
    found = [f for f in check_fields(fields) if f.rule == "reading-age-high"]
    assert len(found) == 1
    finding = found[0]
    assert finding.severity == Severity.WARNING
    assert "GOV.UK aims for 9" in finding.message
    assert "reading age about" in finding.message
    assert "Flesch-Kincaid grade" in finding.message
    assert finding.location == "fields: The problem, Your idea, Who benefits and how"
    assert "reading age of 9" in finding.reference


def test_reading_age_only_scores_problem_idea_and_benefits():
    fields = {"title": HARD * 10, "ask": HARD * 10, "team": HARD * 10, "problem": SIMPLE}
    assert rules(check_fields(fields), "reading-age-high") == []


def test_reading_age_threshold_is_over_9_not_9(monkeypatch):
    fields = {"problem": words(120)}
    monkeypatch.setattr(textstat, "flesch_kincaid_grade", lambda text: 9.0)
    assert rules(check_fields(fields), "reading-age-high") == []
    monkeypatch.setattr(textstat, "flesch_kincaid_grade", lambda text: 9.01)
    found = [f for f in check_fields(fields) if f.rule == "reading-age-high"]
    assert len(found) == 1
    assert "reading age about 14 (Flesch-Kincaid grade 9.0)" in found[0].message


def test_reading_age_is_grade_plus_5_and_never_under_5():
    assert ReadingAge(grade=11.2, words=100).age == 16
    assert ReadingAge(grade=4.0, words=100).age == 9
    assert ReadingAge(grade=-3.4, words=100).age == 5
    summary = ReadingAge(grade=11.2, words=100).summary
    assert summary == "reading age about 16 (Flesch-Kincaid grade 11.2); GOV.UK aims for 9"


def test_bullets_count_as_separate_sentences_for_reading_age(monkeypatch):
    seen = []
    monkeypatch.setattr(textstat, "flesch_kincaid_grade", lambda text: seen.append(text) or 1.0)
    reading_age("Lead in:\n- " + "\n- ".join(["short item here"] * 40))
    assert seen[0].count(".") == 40


# ---------------------------------------------------------------- sentences


def test_sentence_of_25_words_passes_and_26_is_flagged():
    assert rules(check_fields({"idea": words(25)})) == []
    found = check_fields({"idea": words(26)})
    assert rules(found) == ["sentence-too-long"]
    assert found[0].severity == Severity.WARNING
    assert "26 words" in found[0].message
    assert found[0].location == "field: Your idea"


def test_sentences_split_at_full_stops_questions_exclamations_lines_and_bullets():
    text = "One two. Three four? Five six! Seven\neight\n- nine • ten"
    assert sentences(text) == [
        "One two.",
        "Three four?",
        "Five six!",
        "Seven",
        "eight",
        "- nine",
        "ten",
    ]


def test_sentences_do_not_split_at_decimal_points_or_eg_or_ie():
    text = "It costs £3.5 million, e.g. for staff, i.e. people. Next one."
    assert sentences(text) == ["It costs £3.5 million, e.g. for staff, i.e. people.", "Next one."]


def test_long_run_over_abbreviations_is_one_sentence():
    text = " ".join(["word"] * 13) + " e.g. " + " ".join(["word"] * 12) + "."
    assert rules(check_fields({"idea": text})) == ["sentence-too-long"]


def test_lines_and_bullets_are_separate_sentences():
    text = "Our plan:\n" + "\n".join("- " + " ".join(["word"] * 20) for _ in range(3))
    assert rules(check_fields({"idea": text}), "sentence-too-long") == []


def test_each_long_sentence_is_reported():
    text = words(30) + " " + words(3) + " " + words(27)
    assert len(rules(check_fields({"problem": text}))) == 2


def test_dashes_are_not_words():
    assert rules(check_fields({"idea": words(25)[:-1] + " — – -."})) == []


# ---------------------------------------------------------------- links


def test_vague_link_text_variants_are_flagged():
    for text in [
        "click here",
        "Click here",
        "here",
        "Here.",
        "read more",
        "Read more…",
        "more",
        "link",
        "this link",
        "find out more",
        "Learn more",
        "learn out more",
        "",
    ]:
        found = check_link_text(text, "https://www.gov.uk/x", "slide 2")
        assert rules(found) == ["link-text-vague"], text
        assert found[0].severity == Severity.WARNING
        assert found[0].location == "slide 2"
        assert "2.4.4" in found[0].reference


def test_link_text_that_is_the_web_address_is_flagged():
    assert rules(check_link_text("https://www.gov.uk/guidance", None, "x")) == ["link-text-vague"]
    assert rules(check_link_text("www.gov.uk/guidance", None, "x")) == ["link-text-vague"]
    assert rules(check_link_text("gov.uk/guidance/", "https://www.gov.uk/guidance", "x")) == [
        "link-text-vague"
    ]


def test_descriptive_link_text_passes():
    for text in [
        "read the discovery report",
        "GOV.UK guidance on alt text",
        "Herefordshire",
        "GOV.UK",
    ]:
        assert check_link_text(text, "https://www.gov.uk/x", "x") == [], text


def test_markdown_links_in_fields_are_checked():
    found = check_fields({"idea": "See [click here](https://example.com) for the plan."})
    assert rules(found) == ["link-text-vague"]
    assert "'click here'" in found[0].message
    good = check_fields({"idea": "Read [our discovery report](https://example.com) first."})
    assert rules(good) == []


def test_bare_url_in_a_field_is_vague_link_text():
    found = check_fields({"idea": "Our prototype is at https://example.com/prototype."})
    assert rules(found) == ["link-text-vague"]
    assert "https://example.com/prototype" in found[0].message


def test_bare_phrase_click_here_is_flagged_once():
    found = check_fields({"ask": "To see the costs, click here and open the sheet."})
    assert rules(found) == ["link-text-vague"]


def test_plain_text_keeps_link_text_and_drops_urls():
    assert plain_text("[the report](https://x.org) and https://y.org **now**") == (
        "the report and   now"
    )


# ---------------------------------------------------------------- colour


def test_colour_hints_are_advice():
    for text in [
        "Late cases are shown in red.",
        "Green means the form is done.",
        "The sheet is colour-coded by region.",
        "Each project has a red, amber and green (RAG) status. The RAG status shows risk.",
        "We use a traffic light system.",
    ]:
        found = check_fields({"idea": text})
        assert rules(found) == ["colour-only-meaning"], text
        assert found[0].severity == Severity.ADVICE
        assert "1.4.1" in found[0].reference


def test_colour_words_without_meaning_are_not_flagged():
    for text in ["We met the Green Party.", "A red letter day for the team.", "Blue skies."]:
        assert rules(check_fields({"idea": text})) == [], text


# ---------------------------------------------------------------- check_fields


def test_locations_use_human_labels():
    fields = {
        "title": "We will leverage data",
        "problem": "We will leverage data",
        "idea": "We will leverage data",
        "benefits": "We will leverage data",
        "ask": "We will leverage data",
        "team": "We will leverage data",
    }
    assert [f.location for f in check_fields(fields)] == [
        "field: Title",
        "field: The problem",
        "field: Your idea",
        "field: Who benefits and how",
        "field: What you need",
        "field: Your team",
    ]


def test_other_fields_such_as_the_summary_are_checked_too():
    found = check_fields({"summary": "We will leverage data.", "notes": "We will leverage it."})
    assert [f.location for f in found] == ["field: Summary", "field: notes"]


def test_clean_pitch_has_no_findings():
    fields = {
        "title": "Quicker blue badge renewals",
        "problem": "People wait 12 weeks to renew a blue badge. Many call us to ask why.",
        "idea": "We will let people renew online in 10 minutes:\n- check details\n- pay the fee",
        "benefits": "Disabled people get their badge sooner and staff take fewer calls.",
        "ask": "£40,000 for a 3 month prototype.",
        "team": "Two developers and a designer from the Cabinet Office.",
    }
    assert check_fields(fields) == []


def test_empty_and_missing_fields_are_fine():
    assert check_fields({}) == []
    assert check_fields({"title": "", "problem": "   "}) == []


def test_every_finding_has_all_parts():
    fields = {
        "title": "THE BIG NEW IDEA",
        "problem": "We will leverage the CRM. " + words(30) + " Shown in red. [here](https://x.y)",
        "idea": "Steps\n- One.\n- two and",
    }
    found = check_fields(fields)
    assert len(found) >= 6
    for finding in found:
        assert finding.rule and finding.location and finding.message
        assert finding.fix and finding.reference
        assert isinstance(finding.severity, Severity)
        assert finding.severity != Severity.BLOCKING  # text rules never block


# ---------------------------------------------------------------- attachments


def test_extracted_text_runs_the_attachment_subset_only():
    text = (
        "We will leverage the CRM. THIS IS VERY IMPORTANT. " + words(30) + " Shown in red. "
        "Click here."
    )
    found = check_extracted_text(text, "slide 3")
    assert sorted(set(rules(found))) == [
        "acronym-unexpanded",
        "all-caps",
        "sentence-too-long",
        "words-to-avoid",
    ]
    assert {f.location for f in found} == {"slide 3"}


def test_extracted_text_judges_each_text_on_its_own():
    check_extracted_text("Customer relationship management (CRM) is old.", "document")
    assert rules(check_extracted_text("The CRM is old.", "document")) == ["acronym-unexpanded"]


def test_extracted_text_can_share_acronyms_across_parts_of_one_file():
    seen: set[str] = set()
    assert (
        check_extracted_text(
            "Customer relationship management (CRM)", "slide 1", seen_acronyms=seen
        )
        == []
    )
    assert check_extracted_text("The CRM is old", "slide 2", seen_acronyms=seen) == []


def test_extracted_text_ignores_web_addresses():
    assert check_extracted_text("See https://www.gov.uk/DVSA-LEVERAGE-API-KEY", "page 1") == []
