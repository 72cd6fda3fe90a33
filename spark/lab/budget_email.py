"""The email to a project's team when the lab releases a tranche of its budget (queued in
the outbox, in the releasing transaction)."""

from __future__ import annotations

from spark.accounts.tokens import absolute_url
from spark.core.money import pounds
from spark.lab import emails
from spark.lab.budget import Budget
from spark.lab.models import BudgetTranche, LabProject, Stage

EMAIL_KIND = "lab_tranche_released"


def tell_the_team(project: LabProject, tranche: BudgetTranche, stage: Stage) -> None:
    """Each member of the team: how much, for which stage, the lab's note, what is left."""
    pitch = project.pitch
    left = Budget(project.budget_awarded_pence, project.budget_released_pence, 0)
    link = absolute_url("lab_budget.budget", project_id=project.id)
    amount = pounds(tranche.amount_pence)
    emails.tell_the_team(
        project,
        EMAIL_KIND,
        f"The lab has released {amount} for {pitch.title}",
        [
            f"The innovation lab has released {amount} to ‘{pitch.title}’ for its "
            f"{stage.name} stage.",
            *([f"The lab’s note:\n{tranche.note}"] if tranche.note else []),
            f"So far the lab has released {pounds(left.released)} of the "
            f"{pounds(left.awarded)} awarded. {pounds(left.remaining_to_release)} is "
            "left to release.",
            "See the project’s budget and record what you spend:\n" + link,
        ],
        pitch_title=pitch.title,
        amount=amount,
        stage=stage.name,
        link=link,
    )
