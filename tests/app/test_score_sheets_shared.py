"""Score sheets shared between windows and dragons: a stale save or a race shows both versions
and loses nothing; others' sheets and the tally stay hidden until the dragon has submitted
their own (or scoring closes), and never reach a recused dragon."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from spark.core.audit import utcnow
from spark.extensions import db
from spark.panels import sheet_results, sheet_service
from spark.panels.models import Conflict, ScoreSheet
from tests.app import test_score_sheets as base
from tests.app.test_score_sheets import draft, full_sheet, sheet_of, url
from tests.factories import audit_events, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import criteria_of, make_sheet

setting = base.setting


# Stale saves and races ------------------------------------------------------------------------


def test_a_stale_save_shows_both_versions_and_loses_nothing(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    first = criteria[0]
    sign_in(client, ada)
    # Window 1 saves a draft; window 2 still shows the page from before (no version).
    client.post(url(panel, pitch), data=draft(None, **{f"comment_{first.id}": "From window one"}))
    version = sheet_of(pitch, ada).version
    response = client.post(
        url(panel, pitch), data=draft(None, **{f"comment_{first.id}": "From window two"})
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert page_title(body).startswith("Error: ")
    assert "This score sheet was changed somewhere else" in body
    assert "From window one" in body and "From window two" in body
    assert f'name="version" type="hidden" value="{version}"' in body
    assert sheet_of(pitch, ada).scores[0].comment == "From window one"
    # Saving again with the new version keeps the second window's words.
    again = draft(None, **{f"comment_{first.id}": "From window two", "version": str(version)})
    assert client.post(url(panel, pitch), data=again).status_code == 302
    assert {s.comment for s in sheet_of(pitch, ada).scores if s.criterion_id == first.id} == {
        "From window two"
    }


def test_an_old_version_is_refused_with_409(client, setting):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    sheet = make_sheet(pitch, ada, reason="Saved reason")
    sign_in(client, ada)
    response = client.post(
        url(panel, pitch), data=draft(None, reason="Mine", version=str(sheet.version - 1 or 99))
    )
    assert response.status_code == 409
    body = response.get_data(as_text=True)
    assert "Saved reason" in body and "Mine" in body


def test_two_first_saves_racing_end_with_one_sheet_and_a_friendly_page(
    client, setting, monkeypatch
):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    sign_in(client, ada)
    real = sheet_service.own_sheet
    calls = {"n": 0}

    def racing(pitch_id, user):
        # The first look finds no sheet; meanwhile another window creates one.
        calls["n"] += 1
        if calls["n"] == 1:
            make_sheet(pitch, ada, reason="The other window")
            return None
        return real(pitch_id, user)

    monkeypatch.setattr(sheet_service, "own_sheet", racing)
    response = client.post(url(panel, pitch), data=draft(None, reason="This window"))
    monkeypatch.setattr(sheet_service, "own_sheet", real)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The other window" in body and "This window" in body
    assert db.session.scalar(select(db.func.count(ScoreSheet.id))) == 1


# Others' sheets -------------------------------------------------------------------------------


def test_others_sheets_and_the_tally_stay_hidden_until_you_submit(client, setting):
    round_, panel, pitch, _slot, chair, (ada, ben, cat) = setting
    criteria = criteria_of(round_)
    make_sheet(
        pitch,
        ben,
        status="submitted",
        verdict="in",
        scores={c.id: (4, "Ben thinks it is bold") for c in criteria},
    )
    make_sheet(pitch, cat, scores={criteria[0].id: (2, "Cat's draft note")})
    db.session.add(Conflict(pitch_id=pitch.id, user_id=chair.id, reason="Knows the lead"))
    db.session.commit()

    sign_in(client, ada)
    before = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Ben thinks it is bold" not in before
    assert "Ben Dragon" not in before and "still to submit" not in before

    assert (
        client.post(
            url(panel, pitch),
            data=full_sheet(criteria, score="2", verdict="out", reason="Too risky"),
        ).status_code
        == 302
    )
    after = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Ben thinks it is bold" in after and "Ben Dragon" in after
    assert "Cat's draft note" not in after  # drafts are never shown
    assert "1 in, 1 out, 1 recused, 1 still to submit" in after
    assert "4.00 out of 5" in after and "2.00 out of 5" in after
    assert "3.00 out of 5" in after  # the pitch mean
    assert "from 2.00 to 4.00 (standard deviation 1.00)" in after

    # Cat, who has not submitted, still sees nothing of theirs.
    client.get("/sign-out")
    sign_in(client, cat)
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Ben thinks it is bold" not in page and "Too risky" not in page


def test_everyone_sees_the_sheets_once_scoring_closes(client, setting):
    round_, panel, pitch, slot, _chair, (ada, ben, _cat) = setting
    criteria = criteria_of(round_)
    make_sheet(
        pitch,
        ben,
        status="submitted",
        verdict="in",
        scores={c.id: (4, "Ben thinks it is bold") for c in criteria},
    )
    slot.state = "closed"
    db.session.commit()
    sign_in(client, ada)
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert "Ben thinks it is bold" in page
    assert "1 in, 0 out, 0 recused, 3 still to submit" in page


def test_results_are_never_given_to_a_recused_dragon(app, setting):
    round_, panel, pitch, slot, _chair, (ada, ben, _cat) = setting
    make_sheet(pitch, ben, status="submitted", verdict="in")
    make_sheet(pitch, ada, status="submitted", verdict="in")
    db.session.add(Conflict(pitch_id=pitch.id, user_id=ada.id, reason="Declared later"))
    slot.state = "closed"
    db.session.commit()

    criteria = criteria_of(round_)
    assert sheet_results.results_for(panel, slot, ada, criteria) is None
    results = sheet_results.results_for(panel, slot, ben, criteria)
    assert [view.dragon_name for view in results.sheets] == ["Ben Dragon"]
    assert results.tally.recused == 1


def test_a_save_racing_another_save_of_the_same_sheet_is_409(client, setting, monkeypatch):
    round_, panel, pitch, _slot, _chair, (ada, *_) = setting
    sheet = make_sheet(pitch, ada, reason="Before")
    version = sheet.version
    sign_in(client, ada)
    real = sheet_service.own_sheet

    calls = []

    def racing(pitch_id, user):
        # Loaded at the version the page showed; another window saves before this one flushes.
        found = real(pitch_id, user)
        calls.append(pitch_id)
        if len(calls) > 1:
            return found
        with db.engine.begin() as other_window:
            other_window.exec_driver_sql(
                "UPDATE score_sheets SET version = version + 1, reason = 'The other window'"
            )
        return found

    monkeypatch.setattr(sheet_service, "own_sheet", racing)
    response = client.post(
        url(panel, pitch), data=draft(None, reason="This window", version=str(version))
    )
    monkeypatch.setattr(sheet_service, "own_sheet", real)
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "The other window" in body and "This window" in body
    assert f'name="version" type="hidden" value="{version + 1}"' in body


# Reopened scoring stays independent -------------------------------------------------------------


LATE = (
    "Scoring closed before you started a score sheet, so other dragons’ sheets were visible "
    "to you. You cannot score this pitch now"
)


def test_after_scoring_reopens_only_sheets_started_before_the_close_can_be_scored(client, setting):
    """Ben submitted and Ada had a draft when the chair closed scoring; Cat had not started.
    While closed everyone could read Ben's sheet. The chair reopens scoring: Ada may finish
    her draft; Cat cannot start a sheet now, and what was visible stays visible."""
    round_, panel, pitch, slot, chair, (ada, ben, cat) = setting
    criteria = criteria_of(round_)
    make_sheet(
        pitch,
        ben,
        status="submitted",
        verdict="in",
        scores={c.id: (4, "Ben thinks it is bold") for c in criteria},
    )
    ada_draft = make_sheet(pitch, ada, scores={criteria[0].id: 3})
    base_url = f"/panels/{panel.id}/chair/slots/{slot.id}"
    sign_in(client, chair)
    assert client.post(f"{base_url}/close-scoring").status_code == 302
    reopened = client.post(f"{base_url}/reopen-scoring", data={"reason": "Ada lost connection"})
    assert reopened.status_code == 302
    db.session.expire_all()
    assert slot.state == "scoring" and slot.scoring_closed_at is not None
    client.get("/sign-out")

    # Cat had no sheet when scoring closed: refused with the reason, nothing stored.
    sign_in(client, cat)
    page = client.get(url(panel, pitch)).get_data(as_text=True)
    assert LATE in page and 'name="submit_sheet"' not in page
    assert "Ben thinks it is bold" in page  # seen while closed, still shown
    for data in (full_sheet(criteria, comment="Cat typed this"), draft(None, reason="Cat")):
        response = client.post(url(panel, pitch), data=data)
        body = response.get_data(as_text=True)
        assert response.status_code == 400
        assert page_title(body).startswith("Error: ") and LATE in body
    assert "Cat typed this 1" in client.post(
        url(panel, pitch), data=full_sheet(criteria, comment="Cat typed this")
    ).get_data(as_text=True)
    assert sheet_of(pitch, cat) is None
    live = client.get(f"/panels/{panel.id}/live.json").get_json()
    assert [(p["status"], p["label"]) for p in live["pitches"]] == [("closed", "Closed")]
    client.get("/sign-out")

    # Ada had a draft from before the close: she may finish and submit it.
    sign_in(client, ada)
    assert "Ben thinks it is bold" in client.get(url(panel, pitch)).get_data(as_text=True)
    data = full_sheet(criteria, version=str(ada_draft.version))
    assert client.post(url(panel, pitch), data=data).status_code == 302
    assert sheet_of(pitch, ada).status == "submitted"

    # The chair's page agrees: Cat is Closed, not To score.
    client.get("/sign-out")
    sign_in(client, chair)
    control = client.get(f"/panels/{panel.id}/chair/").get_data(as_text=True)
    assert "Cat Dragon" in control
    assert "Closed" in control.split("Cat Dragon")[1].split("</li>")[0]


# A save racing the chair ------------------------------------------------------------------------


def _chair_acts_meanwhile(monkeypatch, slot, **values):
    """The chair's request commits a change to the slot after this save has read it."""
    from sqlalchemy import update

    from spark.panels.models import PanelSlot

    real = sheet_service.criteria_of

    def meanwhile(round_id):
        with db.engine.begin() as chair_request:
            chair_request.execute(update(PanelSlot).where(PanelSlot.id == slot.id).values(**values))
        return real(round_id)

    monkeypatch.setattr(sheet_service, "criteria_of", meanwhile)


@pytest.mark.parametrize("submitting", [True, False])
def test_a_save_racing_the_chair_closing_scoring_is_refused_kindly(
    client, setting, monkeypatch, submitting
):
    round_, panel, pitch, slot, _chair, (ada, *_) = setting
    criteria = criteria_of(round_)
    sign_in(client, ada)
    _chair_acts_meanwhile(monkeypatch, slot, state="closed", scoring_closed_at=utcnow())
    data = full_sheet(criteria, comment="Typed in time") if submitting else draft(None)
    response = client.post(url(panel, pitch), data=data)
    monkeypatch.undo()
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body).startswith("Error: ")
    assert "Scoring for this pitch has closed" in body
    if submitting:
        assert "Typed in time 1" in body
    assert sheet_of(pitch, ada) is None
    assert audit_events("sheet.submitted") == audit_events("sheet.saved") == []


def test_a_first_sheet_racing_a_close_and_reopen_is_refused(client, setting, monkeypatch):
    round_, panel, pitch, slot, _chair, (ada, *_) = setting
    sign_in(client, ada)
    _chair_acts_meanwhile(monkeypatch, slot, scoring_closed_at=utcnow())
    response = client.post(url(panel, pitch), data=draft(None, reason="Mine"))
    monkeypatch.undo()
    assert response.status_code == 400
    assert LATE in response.get_data(as_text=True)
    assert sheet_of(pitch, ada) is None


def test_a_draft_saved_while_the_chair_opens_scoring_is_kept(client, setting, monkeypatch):
    round_, panel, pitch, slot, _chair, (ada, *_) = setting
    slot.state = "pitching"
    db.session.commit()
    sign_in(client, ada)
    _chair_acts_meanwhile(monkeypatch, slot, state="scoring")
    response = client.post(url(panel, pitch), data=draft(None, reason="Notes"))
    monkeypatch.undo()
    assert response.status_code == 302
    assert sheet_of(pitch, ada).reason == "Notes"
