"""The pitch's task list: its sections, what each asks, its limits and each section's status.

Pure: the standard library only.

Business rules:

- A draft may be partial but never wrong. Empty answers may be saved while the team chooses
  "No, I'll come back to it later"; marking a section as completed needs every answer in it.
  Answers that are too long, or an amount that is not valid, are refused every time (the page
  keeps what was typed), so what is stored always fits its limits.
- A section is Completed when the team has marked it so, In progress when it has any answer
  but is not marked, and Not started otherwise.
- The accessibility check cannot start until every text section is completed; it is Completed
  when nothing stops submission (no blocking findings, warnings acknowledged).
- Check answers and submit cannot start until every other section is completed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from spark.pitches.money import AmountProblem, parse_pounds


class TaskStatus(StrEnum):
    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    COMPLETED = "Completed"
    CANNOT_START = "Cannot start yet"


@dataclass(frozen=True)
class Question:
    """One answer in a section. ``name`` is the form field and Pitch column (ask: ask_pence)."""

    name: str
    label: str
    missing: str  # the error when the section is marked completed without it
    max_chars: int | None = None
    max_words: int | None = None
    too_long: str = ""
    hint: str = ""
    money: bool = False


@dataclass(frozen=True)
class Section:
    key: str  # stored in Pitch.completed_sections
    slug: str  # in the URL
    title: str
    questions: tuple[Question, ...] = ()


ABOUT = Section(
    "about",
    "about-your-idea",
    "About your idea",
    (
        Question(
            "title",
            "Title",
            "Enter a title for your idea",
            max_chars=120,
            too_long="Title must be 120 characters or fewer",
            hint="A short name people will remember, like ‘Bookable desks in every office’",
        ),
        Question(
            "summary",
            "One-line summary",
            "Enter a one-line summary of your idea",
            max_chars=300,
            too_long="Summary must be 300 characters or fewer",
            hint="What your idea does and for whom, in one sentence",
        ),
    ),
)
PROBLEM = Section(
    "problem",
    "the-problem",
    "The problem",
    (
        Question(
            "problem",
            "What problem does your idea solve?",
            "Enter the problem your idea solves",
            max_words=300,
            too_long="The problem must be 300 words or fewer",
            hint="Say who has the problem, how often, and what it costs them now",
        ),
    ),
)
IDEA = Section(
    "idea",
    "your-idea",
    "Your idea",
    (
        Question(
            "idea",
            "What is your idea?",
            "Enter your idea",
            max_words=500,
            too_long="Your idea must be 500 words or fewer",
            hint="Say what you would build or change, and how people would use it",
        ),
    ),
)
BENEFITS = Section(
    "benefits",
    "who-benefits",
    "Who benefits and how",
    (
        Question(
            "benefits",
            "Who benefits from your idea, and how?",
            "Enter who benefits from your idea and how",
            max_words=300,
            too_long="Who benefits and how must be 300 words or fewer",
            hint="Name the people who benefit and what changes for them. Numbers help",
        ),
    ),
)
ASK = Section(
    "ask",
    "what-you-need",
    "What you need",
    (
        Question(
            "ask",
            "How much money do you need?",
            "Enter how much money you need",
            hint="In pounds, like 12,500",
            money=True,
        ),
        Question(
            "ask_details",
            "What will the money pay for?",
            "Enter what the money will pay for",
            max_words=300,
            too_long="What the money will pay for must be 300 words or fewer",
            hint="List the main costs, like people’s time, equipment or licences",
        ),
    ),
)
TEAM = Section(
    "team",
    "your-team",
    "Your team",
    (
        Question(
            "team_details",
            "Tell us about your team",
            "Enter details of your team",
            max_words=300,
            too_long="Details of your team must be 300 words or fewer",
            hint="Who will work on the idea, what each person brings and how much time they have",
        ),
    ),
)
MATERIALS = Section("materials", "materials", "Pitch materials")
CHECK = Section("accessibility", "accessibility-check", "Accessibility check")
SUBMIT = Section("submit", "check-answers", "Check your answers and submit")

TEXT_SECTIONS: tuple[Section, ...] = (ABOUT, PROBLEM, IDEA, BENEFITS, ASK, TEAM)
ALL_SECTIONS: tuple[Section, ...] = (*TEXT_SECTIONS, MATERIALS, CHECK, SUBMIT)
BY_SLUG = {section.slug: section for section in TEXT_SECTIONS}
# Sections the team marks as completed itself (the check and submit follow from the others).
MARKABLE = frozenset(section.key for section in (*TEXT_SECTIONS, MATERIALS))


def count_words(text: str) -> int:
    """Words as GOV.UK's character count counts them: runs of non-space characters."""
    return len(text.split())


def clean(question: Question, text: str | None) -> str:
    """What is stored for a typed answer: trimmed, Windows line ends made plain; a title,
    summary or amount kept to one line."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if question.max_chars is not None or question.money:
        text = re.sub(r"\s+", " ", text)
    return text


def too_long(question: Question, text: str) -> bool:
    if question.max_chars is not None and len(text) > question.max_chars:
        return True
    return question.max_words is not None and count_words(text) > question.max_words


def answer_problems(
    section: Section, answers: Mapping[str, str], *, completing: bool
) -> dict[str, str]:
    """GOV.UK error messages by field for the cleaned ``answers`` to ``section``'s questions.

    Limits and amounts are checked every time; missing answers only when ``completing``.
    """
    problems: dict[str, str] = {}
    for question in section.questions:
        text = answers.get(question.name, "")
        if not text:
            if completing:
                problems[question.name] = question.missing
            continue
        if question.money:
            try:
                parse_pounds(text)
            except AmountProblem as problem:
                problems[question.name] = str(problem)
        elif too_long(question, text):
            problems[question.name] = question.too_long
    return problems


def _answered(section: Section, answers: Mapping[str, object]) -> bool:
    return any(answers.get(question.name) not in (None, "") for question in section.questions)


def section_statuses(
    answers: Mapping[str, object],
    completed: Iterable[str],
    *,
    has_materials: bool,
    check_passes: bool,
    check_run: bool = True,
) -> dict[str, TaskStatus]:
    """Each section's task-list status, by section key, in task-list order.

    ``answers`` maps question names to what is stored (None or "" when unanswered);
    ``completed`` are the keys the team marked as completed; ``has_materials`` says whether
    any file is uploaded; ``check_passes`` whether the accessibility check lets the pitch be
    submitted and ``check_run`` whether there is a report for the current version.
    """
    done = set(completed)
    statuses: dict[str, TaskStatus] = {}
    for section in TEXT_SECTIONS:
        if section.key in done:
            statuses[section.key] = TaskStatus.COMPLETED
        elif _answered(section, answers):
            statuses[section.key] = TaskStatus.IN_PROGRESS
        else:
            statuses[section.key] = TaskStatus.NOT_STARTED
    if MATERIALS.key in done:
        statuses[MATERIALS.key] = TaskStatus.COMPLETED
    elif has_materials:
        statuses[MATERIALS.key] = TaskStatus.IN_PROGRESS
    else:
        statuses[MATERIALS.key] = TaskStatus.NOT_STARTED
    if any(statuses[s.key] is not TaskStatus.COMPLETED for s in TEXT_SECTIONS):
        statuses[CHECK.key] = TaskStatus.CANNOT_START
    elif check_passes:
        statuses[CHECK.key] = TaskStatus.COMPLETED
    elif check_run:
        statuses[CHECK.key] = TaskStatus.IN_PROGRESS
    else:
        statuses[CHECK.key] = TaskStatus.NOT_STARTED
    others_done = all(status is TaskStatus.COMPLETED for status in statuses.values())
    statuses[SUBMIT.key] = TaskStatus.NOT_STARTED if others_done else TaskStatus.CANNOT_START
    return statuses


def incomplete_sections(statuses: Mapping[str, TaskStatus]) -> list[Section]:
    """The sections (before check answers) that are not completed, in task-list order."""
    return [
        section
        for section in ALL_SECTIONS
        if section is not SUBMIT and statuses.get(section.key) is not TaskStatus.COMPLETED
    ]
