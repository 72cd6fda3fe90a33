"""The pitch task list: section statuses, limits and what a section needs to be completed."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from spark.pitches import sections
from spark.pitches.sections import (
    ABOUT,
    ASK,
    PROBLEM,
    TEXT_SECTIONS,
    TaskStatus,
    answer_problems,
    clean,
    count_words,
    incomplete_sections,
    section_statuses,
)

S = TaskStatus
TEXT_KEYS = [section.key for section in TEXT_SECTIONS]


def statuses(answers=None, completed=(), has_materials=False, check_passes=False, check_run=True):
    return section_statuses(
        answers or {},
        completed,
        has_materials=has_materials,
        check_passes=check_passes,
        check_run=check_run,
    )


def test_a_new_pitch():
    assert statuses() == {
        "about": S.NOT_STARTED,
        "problem": S.NOT_STARTED,
        "idea": S.NOT_STARTED,
        "benefits": S.NOT_STARTED,
        "ask": S.NOT_STARTED,
        "team": S.NOT_STARTED,
        "materials": S.NOT_STARTED,
        "accessibility": S.CANNOT_START,
        "submit": S.CANNOT_START,
    }


def test_any_answer_makes_a_section_in_progress_until_marked_completed():
    result = statuses({"title": "Desks", "summary": "", "ask": None, "ask_pence": None})
    assert result["about"] is S.IN_PROGRESS
    assert result["ask"] is S.NOT_STARTED
    result = statuses({"title": "Desks"}, completed=["about"])
    assert result["about"] is S.COMPLETED


def test_an_amount_alone_starts_what_you_need():
    assert statuses({"ask": "12,500"})["ask"] is S.IN_PROGRESS


def test_materials_in_progress_with_files_and_completed_when_marked():
    assert statuses(has_materials=True)["materials"] is S.IN_PROGRESS
    assert statuses(completed=["materials"])["materials"] is S.COMPLETED


def test_the_check_waits_for_every_text_section():
    almost = TEXT_KEYS[:-1]
    assert statuses(completed=almost, check_passes=True)["accessibility"] is S.CANNOT_START
    assert statuses(completed=TEXT_KEYS, check_passes=False)["accessibility"] is S.IN_PROGRESS
    assert (
        statuses(completed=TEXT_KEYS, check_passes=False, check_run=False)["accessibility"]
        is S.NOT_STARTED
    )
    assert statuses(completed=TEXT_KEYS, check_passes=True)["accessibility"] is S.COMPLETED


def test_submit_waits_for_every_other_section():
    everything = [*TEXT_KEYS, "materials"]
    assert statuses(completed=everything, check_passes=False)["submit"] is S.CANNOT_START
    assert statuses(completed=TEXT_KEYS, check_passes=True)["submit"] is S.CANNOT_START
    result = statuses(completed=everything, check_passes=True)
    assert result["submit"] is S.NOT_STARTED
    assert incomplete_sections(result) == []


def test_incomplete_sections_in_task_list_order():
    result = statuses(completed=["problem", "about"])
    names = [section.title for section in incomplete_sections(result)]
    assert names == [
        "Your idea",
        "Who benefits and how",
        "What you need",
        "Your team",
        "Pitch materials",
        "Accessibility check",
    ]


def test_unknown_completed_keys_are_ignored():
    assert statuses(completed=["nonsense"]) == statuses()


# Answers --------------------------------------------------------------------------------------


def test_a_draft_may_be_empty_but_completing_needs_every_answer():
    assert answer_problems(ABOUT, {"title": "", "summary": ""}, completing=False) == {}
    assert answer_problems(ABOUT, {"title": "", "summary": ""}, completing=True) == {
        "title": "Enter a title for your idea",
        "summary": "Enter a one-line summary of your idea",
    }
    assert answer_problems(ABOUT, {"title": "Desks", "summary": "Book one"}, completing=True) == {}


def test_limits_apply_to_drafts_too():
    long_title = "x" * 121
    assert answer_problems(ABOUT, {"title": long_title}, completing=False) == {
        "title": "Title must be 120 characters or fewer"
    }
    assert answer_problems(ABOUT, {"title": "x" * 120}, completing=False) == {}
    words = " ".join(["word"] * 301)
    assert answer_problems(PROBLEM, {"problem": words}, completing=False) == {
        "problem": "The problem must be 300 words or fewer"
    }
    assert answer_problems(PROBLEM, {"problem": words.rsplit(" ", 1)[0]}, completing=True) == {}


def test_the_amount_is_checked_when_typed():
    assert answer_problems(ASK, {"ask": "-5"}, completing=False) == {
        "ask": "Amount must be £1 or more"
    }
    assert answer_problems(ASK, {"ask": "£12,500", "ask_details": "Laptops"}, completing=True) == {}
    assert answer_problems(ASK, {"ask": "", "ask_details": "Laptops"}, completing=True) == {
        "ask": "Enter how much money you need"
    }


@pytest.mark.parametrize(
    ("text", "words"),
    [("", 0), ("one", 1), ("  one   two\nthree\t", 3), ("don't stop-now", 2)],
)
def test_count_words_like_the_character_count_component(text, words):
    assert count_words(text) == words


def test_clean_trims_and_keeps_one_line_answers_on_one_line():
    title = ABOUT.questions[0]
    assert clean(title, "  Bookable\r\n desks ") == "Bookable desks"
    problem = PROBLEM.questions[0]
    assert clean(problem, " First.\r\n\r\nSecond. ") == "First.\n\nSecond."
    assert clean(problem, None) == ""


def test_every_question_has_a_gov_uk_message():
    for section in TEXT_SECTIONS:
        for question in section.questions:
            assert question.missing.startswith("Enter ")
            if not question.money:
                assert question.too_long.endswith("or fewer")


def test_the_module_is_pure():
    tree = ast.parse(Path(sections.__file__).read_text(encoding="utf-8"))
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    } | {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert not imported & {"flask", "sqlalchemy", "flask_sqlalchemy", "wtforms"}
