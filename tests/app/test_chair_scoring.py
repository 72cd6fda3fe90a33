"""Scoring on the chair's side, checked against the dragons' side: the same count of submitted
sheets everywhere, opening scoring calls the pitch, and reopening scoring keeps scoring
independent."""

from __future__ import annotations

import pytest

from spark.extensions import db
from spark.panels import sheet_results
from spark.panels.models import Conflict, PanelSlot
from tests.factories import audit_events, make_user, sign_in
from tests.panel_factories import LivePanel, criteria_of, make_sheet


@pytest.fixture
def s(app) -> LivePanel:
    return LivePanel()


@pytest.fixture
def chair(client, s):
    sign_in(client, s.chair)
    return s.chair


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def row_of(body: str, slot: PanelSlot) -> str:
    return body.split(f'id="slot-{slot.id}"')[1].split("</tr>")[0]


# One count of submitted sheets ----------------------------------------------------------------


def test_submitted_counts_only_members_free_of_conflict_everywhere(client, s, chair):
    """Bo submitted, then declared a conflict: their sheet no longer counts. A sheet from
    someone no longer on the panel does not count either. The chair's row, the close message,
    its audit and the dragons' tally all say one submitted sheet."""
    pitch, slot = s.pitches[0], s.slots[0]
    s.set_state(0, "scoring")
    make_sheet(pitch, s.ada, verdict="in", status="submitted")
    make_sheet(pitch, s.bo, verdict="out", reason="No", status="submitted")
    make_sheet(pitch, make_user(name="Gone Dragon"), verdict="in", status="submitted")
    db.session.add(Conflict(pitch_id=pitch.id, user_id=s.bo.id, reason="My sister's team"))
    db.session.commit()

    assert "1 of 2 submitted" in row_of(client.get(f"{s.base}/").get_data(as_text=True), slot)
    response = client.post(s.slot_url(0, "close-scoring"), data={"expected": "scoring"})
    assert response.status_code == 302
    body = client.get(f"{s.base}/").get_data(as_text=True)
    assert "Scoring for Idea 1 has closed with 1 sheet submitted, fewer than the quorum" in body
    [event] = audit_events("slot.scoring_closed")
    assert event.after["submitted"] == 1

    results = sheet_results.results_for(
        s.panel, fresh(PanelSlot, slot.id), s.ada, criteria_of(s.round)
    )
    assert results.tally.submitted == 1
    assert results.tally.text == "1 in, 0 out, 1 recused, 1 still to submit"
    assert [view.dragon_name for view in results.sheets] == ["Ada Dragon"]
