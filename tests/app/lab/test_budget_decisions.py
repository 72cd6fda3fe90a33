"""An amended decision cannot award less than the lab has already released (the database's
CHECK would refuse it at signing): the decisions service asks the lab through its amount
floor hook, on recording and again at signing, and the chair gets a GOV.UK error, never an
error page - also when the chair signs while the lab releases a tranche."""

from __future__ import annotations

import threading

import pytest

from spark.decisions import service as decisions
from spark.decisions.service import DecisionProblems, DecisionRefused
from spark.extensions import db
from spark.lab import budget_service
from spark.lab.budget_service import BudgetProblems, TrancheDetails
from spark.lab.models import LabProject
from tests.app.decisions.test_decision_pages import answers, text, url
from tests.app.lab.budget_helpers import people, release
from tests.decision_factories import details
from tests.factories import sign_in
from tests.panel_factories import fresh

FLOOR = "The amount must be at least £{}: the lab has already released that much"


@pytest.fixture
def everyone(app):
    return people()


def _amend(everyone, amount_pence: int | None, outcome: str = "funded"):
    decided = everyone.funded.decided
    extra = {"justification": "The costs were misread"} if outcome != "funded" else {}
    return decisions.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(outcome, amount_pence, amendment_reason="The costs were misread", **extra),
        seen_decision_id=fresh(LabProject, everyone.project.id).decision_id,
    )


def _sign(everyone, draft):
    decided = everyone.funded.decided
    return decisions.sign(decided.chair, decided.panel, decided.slot, seen_version=draft.version)


def test_an_amendment_awarding_less_than_released_is_refused(everyone):
    release(everyone, 1_000_000)
    with pytest.raises(DecisionProblems) as refused:
        _amend(everyone, 999_999)
    assert refused.value.problems == {"amount": FLOOR.format("10,000")}


def test_an_amendment_awarding_exactly_what_is_released_is_signed(everyone):
    release(everyone, 1_000_000)
    _sign(everyone, _amend(everyone, 1_000_000))
    project = fresh(LabProject, everyone.project.id)
    assert (project.budget_awarded_pence, project.budget_released_pence) == (1_000_000, 1_000_000)


def test_an_amendment_that_no_longer_funds_the_pitch_is_not_held_back(everyone):
    release(everyone, 1_000_000)
    _sign(everyone, _amend(everyone, None, outcome="not_funded"))
    project = fresh(LabProject, everyone.project.id)
    assert (project.status, project.budget_released_pence) == ("stopped", 1_000_000)


def test_signing_checks_again_what_the_lab_released_since_recording(everyone):
    draft = _amend(everyone, 1_200_000)  # fine when recorded: nothing released yet
    release(everyone, 1_300_000)  # the award in force is still £15,000
    with pytest.raises(DecisionRefused) as refused:
        _sign(everyone, draft)
    assert str(refused.value) == "You cannot sign this decision. " + FLOOR.format("13,000")
    assert refused.value.field == "amount" and refused.value.status == 400
    project = fresh(LabProject, everyone.project.id)
    assert (project.budget_awarded_pence, project.budget_released_pence) == (1_500_000, 1_300_000)


def test_the_chair_sees_the_floor_on_the_amendment_and_signing_pages(everyone, client):
    decided = everyone.funded.decided
    release(everyone, 1_000_000)
    sign_in(client, decided.chair)
    response = client.post(
        url(decided, what="amend"),
        data=answers(amount="8,000", amendment_reason="The costs were misread"),
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<a href="#amount">{FLOOR.format("10,000")}</a>' in html
    assert 'value="8,000"' in html

    draft = _amend(everyone, 1_100_000)
    release(everyone, 300_000)  # £13,000 released now
    sign = client.post(url(decided, what="sign"), data={"seen_version": draft.version})
    assert sign.status_code == 400
    assert "You cannot sign this decision. " + FLOOR.format("13,000") in text(sign)


# At the same time ------------------------------------------------------------------------------


def _ids(everyone) -> dict:
    decided = everyone.funded.decided
    ids = {
        "chair": decided.chair.id,
        "panel": decided.panel.id,
        "slot": decided.slot.id,
        "lab": everyone.lab.id,
        "project": everyone.project.id,
    }
    db.session.remove()
    return ids


def _chair_signs(app, ids, version, outcomes):
    from spark.accounts.models import User
    from spark.panels.models import Panel, PanelSlot

    with app.app_context():
        try:
            decisions.sign(
                db.session.get(User, ids["chair"]),
                db.session.get(Panel, ids["panel"]),
                db.session.get(PanelSlot, ids["slot"]),
                seen_version=version,
            )
            outcomes["chair"] = "signed"
        except DecisionRefused as refused:
            outcomes["chair"] = str(refused)
        finally:
            db.session.remove()


def _lab_releases(app, ids, amount, outcomes):
    from spark.accounts.models import User

    with app.app_context():
        try:
            budget_service.release_tranche(
                db.session.get(User, ids["lab"]),
                db.session.get(LabProject, ids["project"]),
                TrancheDetails(amount, "discovery"),
            )
            outcomes["lab"] = "released"
        except BudgetProblems as problems:
            outcomes["lab"] = problems.problems["amount"]
        finally:
            db.session.remove()


def _first_holds_then_second(first, second, held, go_on):
    first.start()
    assert held.wait(timeout=20)
    second.start()
    second.join(timeout=1.5)
    assert second.is_alive()  # waiting for the first to commit
    go_on.set()
    for thread in (first, second):
        thread.join(timeout=30)
        assert not thread.is_alive()


def test_a_release_waits_for_a_signing_that_lowers_the_award(everyone, app, monkeypatch):
    release(everyone, 500_000)
    draft = _amend(everyone, 800_000)  # £3,000 left to release once signed
    version = draft.version
    ids = _ids(everyone)
    held, go_on = threading.Event(), threading.Event()
    commit = decisions._commit

    def held_commit():
        if threading.current_thread().name == "chair":
            held.set()
            assert go_on.wait(timeout=20)
        commit()

    monkeypatch.setattr(decisions, "_commit", held_commit)
    outcomes: dict[str, str] = {}
    chair = threading.Thread(target=_chair_signs, args=(app, ids, version, outcomes), name="chair")
    lab = threading.Thread(target=_lab_releases, args=(app, ids, 500_000, outcomes), name="lab")
    _first_holds_then_second(chair, lab, held, go_on)
    assert outcomes == {
        "chair": "signed",
        "lab": "The tranche must be £3,000 or less: that is what is left to release",
    }
    project = fresh(LabProject, ids["project"])
    assert (project.budget_awarded_pence, project.budget_released_pence) == (800_000, 500_000)


def test_a_signing_waits_for_a_release_then_is_refused(everyone, app, monkeypatch):
    draft = _amend(everyone, 1_200_000)
    version = draft.version
    ids = _ids(everyone)
    held, go_on = threading.Event(), threading.Event()
    tell = budget_service._tell_the_team

    def held_before_commit(*args):
        tell(*args)
        if threading.current_thread().name == "lab":
            held.set()
            assert go_on.wait(timeout=20)

    monkeypatch.setattr(budget_service, "_tell_the_team", held_before_commit)
    outcomes: dict[str, str] = {}
    lab = threading.Thread(target=_lab_releases, args=(app, ids, 1_400_000, outcomes), name="lab")
    chair = threading.Thread(target=_chair_signs, args=(app, ids, version, outcomes), name="chair")
    _first_holds_then_second(lab, chair, held, go_on)
    assert outcomes == {
        "lab": "released",
        "chair": "You cannot sign this decision. " + FLOOR.format("14,000"),
    }
    project = fresh(LabProject, ids["project"])
    assert (project.budget_awarded_pence, project.budget_released_pence) == (
        1_500_000,
        1_400_000,
    )
