"""The chair's control page: the running order, who has submitted, and who may open it."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from spark.extensions import db
from spark.panels.models import Conflict, PanelSlot, ScoreSheet
from tests.factories import make_user, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    LivePanel,
    chair_events,
    criteria_of,
    fresh,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

# The page ------------------------------------------------------------------------------------


def test_control_page_shows_the_running_order_and_statuses(client, s, chair):
    criterion = criteria_of(s.round)[0]
    make_sheet(
        s.pitches[0],
        s.ada,
        scores={criterion.id: (5, "Secret comment")},
        verdict="in",
        reason="Secret reason",
        status="submitted",
    )
    make_sheet(s.pitches[0], s.bo, scores={criterion.id: 2}, status="draft")
    db.session.add(Conflict(pitch_id=s.pitches[1].id, user_id=s.bo.id, reason="My brother"))
    db.session.commit()

    response = client.get(f"{s.base}/")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Run Panel A – Project Spark!"
    for pitch in s.pitches:
        assert pitch.title in body and pitch.reference in body and pitch.team.name in body
    assert f'href="/panels/{s.panel.id}" class="govuk-back-link">Your panel page' in body
    assert "No pitch has been called yet" in body

    def row(slot):
        return body.split(f'id="slot-{slot.id}"')[1].split("</tr>")[0]

    first, second, third = (row(slot) for slot in s.slots)
    assert "Cara Chair (chair):" in first
    assert first.count("To score") == 1 and "Draft saved" in first and "Submitted" in first
    assert "1 of 3 submitted" in first
    assert "Recused" in second and "My brother" not in body
    assert "0 of 2 submitted" in second
    assert third.count("To score") == 3
    # Statuses only: never another dragon's scores, comments or reasons.
    assert "Secret" not in body
    submitted = db.session.scalar(db.select(ScoreSheet.id).where(ScoreSheet.dragon_id == s.ada.id))
    assert f"/sheets/{submitted}/reopen" in first
    up, down = 'name="direction" value="up"', 'name="direction" value="down"'
    assert "as now pitching</button>" in first and down in first and up not in first
    assert up in third and down not in third


def test_the_running_order_scrolls_in_its_own_region(client, s, chair):
    """At 320px the table is wider than the screen: it scrolls inside a labelled region that
    keyboard users can reach, not the whole page (WCAG 1.4.10)."""
    body = client.get(f"{s.base}/").get_data(as_text=True)
    region = (
        '<div class="spark-table-scroll" role="region" aria-label="Running order" tabindex="0">'
    )
    assert body.count(region) == 1
    assert body.split(region)[1].lstrip().startswith('<table class="govuk-table">')


def test_a_panel_with_no_pitches(client, app):
    round_ = make_judged_round()
    chair = make_dragon()
    panel = make_panel(round_, chair)
    sign_in(client, chair)
    body = client.get(f"/panels/{panel.id}/chair/").get_data(as_text=True)
    assert "No pitches have been routed to this panel yet" in body
    assert "No more pitches are waiting" in body


def test_the_page_takes_the_same_number_of_queries_whatever_its_size(client, app):
    round_ = make_judged_round()
    chair = make_dragon()

    def queries_for(pitch_count: int, dragon_count: int) -> int:
        dragons = [make_dragon() for _ in range(dragon_count)]
        panel = make_panel(round_, chair, *dragons)
        pitches = [make_team_pitch(round_) for _ in range(pitch_count)]
        route(panel, *pitches)
        for pitch in pitches:
            for dragon in dragons:
                make_sheet(pitch, dragon, verdict="in", status="submitted")
        if pitches:
            db.session.add(Conflict(pitch_id=pitches[0].id, user_id=dragons[0].id, reason="x"))
            db.session.commit()
        statements = []

        def count(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            assert client.get(f"/panels/{panel.id}/chair/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    sign_in(client, chair)
    assert queries_for(1, 1) == queries_for(6, 4)


# Who may see it ------------------------------------------------------------------------------


def _every_chair_request(s: LivePanel, sheet_id: int):
    slot = s.slots[0].id
    yield "get", f"{s.base}/"
    yield "get", f"{s.base}/slots/{slot}/reopen-scoring"
    yield "get", f"{s.base}/sheets/{sheet_id}/reopen"
    for action in ("now-pitching", "open-scoring", "close-scoring", "reopen-scoring", "move"):
        yield "post", f"{s.base}/slots/{slot}/{action}"
    yield "post", f"{s.base}/next"
    yield "post", f"{s.base}/sheets/{sheet_id}/reopen"


@pytest.mark.parametrize("who", ["dragon", "organiser", "outsider", "other chair"])
def test_only_the_chair_may_use_the_control_page(client, s, who):
    sheet = make_sheet(s.pitches[0], s.ada, verdict="in", status="submitted")
    s.set_state(0, "closed")
    if who == "dragon":
        person = s.ada
    elif who == "organiser":
        person = make_user(roles=("organiser",))
    elif who == "other chair":
        person = make_dragon()
        make_panel(s.round, person)
    else:
        person = make_user()
    sign_in(client, person)
    for method, url in _every_chair_request(s, sheet.id):
        data = {"reason": "Because", "direction": "up", "expected": "closed"}
        response = getattr(client, method)(url, data=data) if method == "post" else client.get(url)
        assert response.status_code == 404, (method, url)
    assert s.states()[0] == ("Idea 1", "closed")
    assert fresh(ScoreSheet, sheet.id).status == "submitted"
    assert chair_events() == []


def test_signed_out_people_go_to_sign_in(client, s):
    response = client.get(f"{s.base}/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/sign-in")


def test_another_panels_slot_or_sheet_is_404(client, s, chair):
    other = make_panel(s.round, make_dragon(), s.chair)
    [slot] = route(other, make_team_pitch(s.round))
    sheet = make_sheet(slot.pitch, s.chair, verdict="in", status="submitted")
    assert client.post(f"{s.base}/slots/{slot.id}/open-scoring").status_code == 404
    assert client.get(f"{s.base}/sheets/{sheet.id}/reopen").status_code == 404
    assert client.post(f"{s.base}/slots/999999/now-pitching").status_code == 404
    assert fresh(PanelSlot, slot.id).state == "waiting"


# Error summaries link to something that takes focus ------------------------------------------


def _summary_targets(body: str) -> list[str]:
    """The tag each error summary link points at (button, a, textarea...), or 'missing'."""
    import re

    summary = body.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    targets = []
    for anchor in re.findall(r'href="#([^"]+)"', summary):
        found = re.search(rf'<(\w+)[^>]*\sid="{re.escape(anchor)}"', body)
        targets.append(found.group(1) if found else "missing")
    return targets


def test_a_refused_move_links_to_a_control_in_its_row(client, s, chair):
    client.post(s.slot_url(0, "now-pitching"), data={"expected": "waiting"})
    for action, data in (
        ("now-pitching", {"expected": "waiting"}),  # double click: 409
        ("close-scoring", {}),  # refused: 400
        ("move", {"direction": "up", "position": "1"}),
    ):
        body = client.post(s.slot_url(0, action), data=data).get_data(as_text=True)
        assert _summary_targets(body) == ["button"], action
    s.set_state(2, "closed")
    body = client.post(s.slot_url(2, "close-scoring")).get_data(as_text=True)
    assert _summary_targets(body) == ["a"]  # the row's "Reopen scoring" link


def test_a_refused_next_pitch_links_to_the_next_pitch_button(client, s, chair):
    client.post(f"{s.base}/next", data={"current": ""})
    body = client.post(f"{s.base}/next", data={"current": ""}).get_data(as_text=True)
    assert _summary_targets(body) == ["button"]
    for index in (1, 2):
        s.set_state(index, "closed")
    body = client.post(f"{s.base}/next", data={"current": "1"}).get_data(as_text=True)
    assert "There are no more pitches waiting" in body
    assert _summary_targets(body) == []  # no button to go to: the message says it all


def test_reopen_pages_link_every_problem_to_the_reason(client, s, chair):
    s.set_state(0, "closed")
    url = s.slot_url(0, "reopen-scoring")
    client.post(url, data={"reason": "First tab", "expected": "closed"})
    stale = client.post(url, data={"reason": "Second tab", "expected": "closed"})
    assert stale.status_code == 409
    assert _summary_targets(stale.get_data(as_text=True)) == ["textarea"]

    s.set_state(1, "scoring")
    sheet = make_sheet(s.pitches[1], s.ada, verdict="in", status="submitted")
    reopen = f"{s.base}/sheets/{sheet.id}/reopen"
    seen = str(sheet.version)
    client.post(reopen, data={"reason": "Wrong pitch", "version": seen})
    again = client.post(reopen, data={"reason": "Again", "version": seen})
    assert again.status_code == 409
    assert _summary_targets(again.get_data(as_text=True)) == ["textarea"]
    missing = client.post(reopen, data={"reason": "", "version": "2"})
    assert _summary_targets(missing.get_data(as_text=True)) == ["textarea"]
