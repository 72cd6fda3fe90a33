"""Two chairs signing at once in one round never award more than the pot.

Each chair signs in their own thread, app context, session and database connection. The
first is held just before its commit; the second must wait for the pot
(``setup_service.hold_settings``) and, once the first commits, see its award and be refused.
"""

from __future__ import annotations

import threading

import pytest

from spark.decisions import reads, service
from spark.extensions import db
from tests.decision_factories import closed_panel, record_decision


def _two_panels_each_awarding_20000_from_a_30000_pot() -> tuple[dict, int]:
    """Two panels in one round with a £30,000 pot, each with a £20,000 decision recorded and
    not signed: chair name -> (chair id, panel id, slot id, decision version), and the round's
    id. The session is closed, so each thread reads afresh."""
    first = closed_panel("in", "in", "in", pot_pence=3_000_000)
    second = closed_panel("in", "in", "in", pot_pence=3_000_000, round_=first.round)
    ids = {}
    for name, decided in (("first", first), ("second", second)):
        decision = record_decision(decided, amount_pence=2_000_000)
        ids[name] = (decided.chair.id, decided.panel.id, decided.slot.id, decision.version)
    round_id = first.round.id
    db.session.remove()
    return ids, round_id


def test_two_chairs_signing_at_once_never_pass_the_pot(app, monkeypatch):
    ids, round_id = _two_panels_each_awarding_20000_from_a_30000_pot()

    held, release = threading.Event(), threading.Event()
    commit = service._commit

    def held_commit():
        if threading.current_thread().name == "first":
            held.set()
            assert release.wait(timeout=20)
        commit()

    monkeypatch.setattr(service, "_commit", held_commit)
    outcomes: dict[str, str] = {}

    def chair_signs(name: str) -> None:
        from spark.accounts.models import User
        from spark.panels.models import Panel, PanelSlot

        chair_id, panel_id, slot_id, version = ids[name]
        with app.app_context():
            try:
                service.sign(
                    db.session.get(User, chair_id),
                    db.session.get(Panel, panel_id),
                    db.session.get(PanelSlot, slot_id),
                    seen_version=version,
                )
                outcomes[name] = "signed"
            except service.DecisionRefused as refused:
                outcomes[name] = str(refused)
            finally:
                db.session.remove()

    threads = {name: threading.Thread(target=chair_signs, args=(name,), name=name) for name in ids}
    threads["first"].start()
    assert held.wait(timeout=20)  # the first chair holds the pot, not yet committed
    threads["second"].start()
    threads["second"].join(timeout=1.5)
    assert threads["second"].is_alive()  # waiting for the pot
    release.set()
    for thread in threads.values():
        thread.join(timeout=30)
        assert not thread.is_alive()

    assert outcomes["first"] == "signed"
    assert "only £10,000 is left" in outcomes["second"]
    assert reads.awarded_pence(round_id) == 2_000_000


@pytest.mark.parametrize("attempt", range(3))
def test_chairs_racing_without_a_pause_still_fit_the_pot(app, attempt):
    ids, round_id = _two_panels_each_awarding_20000_from_a_30000_pot()
    start = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def chair_signs(name: str) -> None:
        from spark.accounts.models import User
        from spark.panels.models import Panel, PanelSlot

        chair_id, panel_id, slot_id, version = ids[name]
        with app.app_context():
            chair, panel = db.session.get(User, chair_id), db.session.get(Panel, panel_id)
            slot = db.session.get(PanelSlot, slot_id)
            start.wait(timeout=10)
            try:
                service.sign(chair, panel, slot, seen_version=version)
                outcomes[name] = "signed"
            except service.DecisionRefused as refused:
                outcomes[name] = str(refused)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=chair_signs, args=(name,)) for name in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes.values())[1] == "signed"
    assert sum(value == "signed" for value in outcomes.values()) == 1
    assert reads.awarded_pence(round_id) == 2_000_000
