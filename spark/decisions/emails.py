"""The email a team gets when the panel's decision on their pitch is signed (or amended):
the outcome in a sentence, whether it departs from the panel's vote, and a link to the pitch
page where the decision, the feedback and the letter are. Queued in the signing transaction
(outbox)."""

from __future__ import annotations

from spark.accounts.tokens import absolute_url
from spark.core.money import pounds
from spark.core.outbox import queue_email
from spark.decisions import recording
from spark.decisions.models import Decision
from spark.panels.models import Panel
from spark.pitches.models import Pitch


def _outcome_sentence(decision: Decision) -> str:
    if decision.outcome == recording.Outcome.FUNDED:
        return (
            f"The panel has decided to fund your idea, with {pounds(decision.amount_pence or 0)}."
        )
    if decision.outcome == recording.Outcome.NOT_FUNDED:
        return "The panel has decided not to fund your idea this time."
    return "The panel has asked you to refine your idea and pitch it again in a later round."


def tell_the_team(decision: Decision, pitch: Pitch, panel: Panel, *, amended: bool) -> None:
    link = absolute_url("pitches.show", pitch_id=pitch.id)
    what = "has been amended" if amended else "is ready"
    for membership in pitch.team.members:
        person = membership.user
        queue_email(
            kind="decision_signed",
            to=person.email,
            subject=f"The panel’s decision on your pitch {what}: {pitch.title}",
            body="\n\n".join(
                [
                    f"Hello {person.name},",
                    f"The decision of {panel.name} on ‘{pitch.title}’ {what}.",
                    _outcome_sentence(decision),
                    *(
                        [
                            "This decision departs from the panel’s vote. The chair explains "
                            "why on your pitch page."
                        ]
                        if decision.departs_from_vote
                        else []
                    ),
                    "Read the decision, the feedback and the letter on your pitch page:\n" + link,
                    "Project Spark!",
                ]
            ),
            name=person.name,
            pitch_title=pitch.title,
            outcome=decision.outcome,
            link=link,
        )
