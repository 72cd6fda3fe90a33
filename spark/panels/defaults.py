"""The criteria a new round starts with. Organisers may change them until scoring starts."""

from __future__ import annotations

from typing import NamedTuple


class DefaultCriterion(NamedTuple):
    name: str
    guidance: str
    descriptors: tuple[str, str, str, str, str]  # what a 1, 2, 3, 4 and 5 mean
    weight: int = 1


DEFAULT_CRITERIA: tuple[DefaultCriterion, ...] = (
    DefaultCriterion(
        "User need and problem",
        "Is there a real problem, for real users, shown with evidence rather than assumed?",
        (
            "No clear problem or users",
            "A problem is named but there is no evidence that users have it",
            "A clear problem with some evidence from users",
            "A clear problem with good evidence from research with users",
            "A well-evidenced problem that matters to many users, shown in their own words",
        ),
    ),
    DefaultCriterion(
        "Innovation",
        "Is this a new way to solve the problem, or a known way new to government?",
        (
            "Repeats something that already exists here",
            "A small change to what exists",
            "A new approach for this team or department",
            "A new approach for government, or a proven idea from elsewhere brought in",
            "A genuinely new approach that others could learn from",
        ),
    ),
    DefaultCriterion(
        "Feasibility",
        "Can this team deliver it with the money, people and time asked for?",
        (
            "Not achievable as described",
            "Major risks with no plan to manage them",
            "Achievable, with some risks to manage",
            "A realistic plan with the right skills in the team",
            "A realistic, tested plan: the team has done something like it before",
        ),
    ),
    DefaultCriterion(
        "Value for money",
        "Are the benefits worth the cost, and is the cost explained?",
        (
            "Costs are unclear or far above the benefits",
            "Costs are explained but the benefits are unclear",
            "Benefits are likely to cover the costs",
            "Benefits clearly exceed the costs, with a way to measure them",
            "Large, measurable benefits for a small cost",
        ),
    ),
    DefaultCriterion(
        "Potential to scale across government",
        "Could other teams or departments use this once it works here?",
        (
            "Only works in one place",
            "Might work elsewhere with a lot of change",
            "Could work in similar teams in other departments",
            "Designed to be reused, with teams already interested",
            "Could become a common component or pattern for all of government",
        ),
    ),
    DefaultCriterion(
        "Accessibility and inclusion",
        "Does it work for everyone, including disabled people and people with low digital skills?",
        (
            "Would exclude some users",
            "Accessibility is not considered",
            "Meets accessibility requirements with a plan to test with disabled people",
            "Designed with disabled users and tested with assistive technology",
            "Makes things better for people who are excluded today",
        ),
    ),
)
