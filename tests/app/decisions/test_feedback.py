"""The team's feedback: mean per criterion and comments, anonymised unless the round says."""

from __future__ import annotations

import pytest

from spark.decisions.feedback import feedback_for
from spark.extensions import db
from spark.panels.models import Conflict, JudgingSettings
from tests.decision_factories import closed_panel, sign_decision


def test_mean_per_criterion_and_anonymous_comments(app):
    decided = closed_panel("in", "out", "in", scores=(5, 3, 4, 2, 1, 4))
    decision = sign_decision(decided, amount_pence=1_000_000)
    feedback = feedback_for(decision)
    assert feedback.named is False
    first = feedback.criteria[0]
    assert (first.mean, first.scored_by) == (5, 3)
    assert [c.dragon for c in first.comments] == ["Dragon 1", "Dragon 2", "Dragon 3"]
    assert first.comments[1].text == f"{decided.dragons[0].name} on {first.name}"
    assert [(v.dragon, v.verdict) for v in feedback.verdicts] == [
        ("Dragon 1", "in"),
        ("Dragon 2", "out"),
        ("Dragon 3", "in"),
    ]


def test_names_when_the_round_says_and_recused_sheets_left_out(app):
    decided = closed_panel("in", "in", "in", "in")
    db.session.get(JudgingSettings, decided.round.id).feedback_shows_names = True
    recused = decided.dragons[2]
    db.session.add(Conflict(pitch_id=decided.pitch.id, user_id=recused.id, reason="Friend"))
    db.session.commit()
    decision = sign_decision(decided, amount_pence=1_000_000)
    feedback = feedback_for(decision)
    names = [v.dragon for v in feedback.verdicts]
    assert names == [decided.chair.name, decided.dragons[0].name, decided.dragons[1].name]
    assert feedback.criteria[0].scored_by == 3
    assert all(c.dragon != recused.name for c in feedback.criteria[0].comments)
    assert feedback.criteria[0].mean == pytest.approx(4)
