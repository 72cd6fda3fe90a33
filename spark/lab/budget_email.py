"""The email to a project's team when the lab releases a tranche of its budget (queued in
the outbox, in the releasing transaction)."""

from __future__ import annotations

from spark.accounts.tokens import absolute_url
from spark.core.outbox import queue_email
from spark.lab.budget import Budget, pounds
from spark.lab.models import BudgetTranche, LabProject, Stage

EMAIL_KIND = "lab_tranche_released"


def tell_the_team(project: LabProject, tranche: BudgetTranche, stage: Stage) -> None:
    """Each member of the team: how much, for which stage, the lab's note, what is left."""
    pitch = project.pitch
    left = Budget(project.budget_awarded_pence, project.budget_released_pence, 0)
    link = absolute_url("lab_budget.budget", project_id=project.id)
    for membership in pitch.team.members:
        person = membership.user
        queue_email(
            kind=EMAIL_KIND,
            to=person.email,
            subject=f"The lab has released {pounds(tranche.amount_pence)} for {pitch.title}",
            body="\n\n".join(
                [
                    f"Hello {person.name},",
                    f"The innovation lab has released {pounds(tranche.amount_pence)} to "
                    f"‘{pitch.title}’ for its {stage.name} stage.",
                    *([f"The lab’s note:\n{tranche.note}"] if tranche.note else []),
                    f"So far the lab has released {pounds(left.released)} of the "
                    f"{pounds(left.awarded)} awarded. {pounds(left.remaining_to_release)} is "
                    "left to release.",
                    "See the project’s budget and record what you spend:\n" + link,
                    "Project Spark!",
                ]
            ),
            name=person.name,
            pitch_title=pitch.title,
            amount=pounds(tranche.amount_pence),
            stage=stage.name,
            link=link,
        )
