"""What the team sees of the panel's decision: on their pitch page and the decision page."""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from markupsafe import Markup
from sqlalchemy import event

from spark.core.filters import govuk_date
from spark.decisions import service
from spark.decisions.feedback import feedback_for
from spark.extensions import db
from spark.panels.models import JudgingSettings
from spark.pitches import page_parts
from tests.decision_factories import closed_panel, details, record_decision, sign_decision
from tests.factories import make_pitch, make_team, make_user, sign_in


def test_a_later_stage_adds_a_part_to_the_team_pitch_page(app, client, monkeypatch):
    monkeypatch.setattr(page_parts, "_parts", [])
    seen = []

    def part(pitch, user):
        seen.append((pitch.id, user.id))
        return Markup('<p class="govuk-body" id="part">A part for {}</p>').format(pitch.title)

    page_parts.add_pitch_page_part(part)
    page_parts.add_pitch_page_part(part)  # once, however often it is added
    page_parts.add_pitch_page_part(lambda pitch, user: None)  # nothing to show
    lead = make_user()
    draft = make_pitch(make_team(lead), title="Desks <b>")
    submitted = make_pitch(draft.team, title="Letters", status="submitted")
    sign_in(client, lead)
    for pitch in (draft, submitted):
        page = client.get(f"/pitches/{pitch.id}").get_data(as_text=True)
        assert page.count('id="part"') == 1
    assert "A part for Desks &lt;b&gt;" in client.get(f"/pitches/{draft.id}").get_data(as_text=True)
    assert seen[0] == (draft.id, lead.id)


# The decision on the pitch page and the decision page --------------------------------------


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _signed_in_lead(client, decided):
    sign_in(client, decided.lead)
    return decided.lead


def test_the_team_sees_nothing_before_signing_and_the_decision_after(app, client):
    decided = closed_panel("in", "in", "out")
    pitch = decided.pitch
    _signed_in_lead(client, decided)
    recorded = record_decision(
        decided, amount_pence=1_500_000, conditions="Report to the lab each month."
    )
    page = _page(client, f"/pitches/{pitch.id}")
    assert "The panel’s decision" not in page and "Report to the lab" not in page
    assert client.get(f"/pitches/{pitch.id}/decision").status_code == 404

    service.sign(decided.chair, decided.panel, decided.slot, seen_version=recorded.version)
    page = _page(client, f"/pitches/{pitch.id}")
    assert "The panel’s decision" in page
    assert "Funded £15,000" in page
    assert "Split: 2 in, 1 out, 0 recused" in page
    assert "Report to the lab each month." in page
    assert f"{decided.chair.name}, chair of {decided.panel.name}, on " in page
    assert f'href="/pitches/{pitch.id}/decision"' in page
    assert "Departs from the panel’s vote" not in page

    page = _page(client, f"/pitches/{pitch.id}/decision")
    assert '<h1 class="govuk-heading-l">The panel’s decision</h1>' in page
    assert "Funded £15,000" in page
    assert "The innovation lab will contact your team lead to start discovery" in page
    assert "The money is released once your team meets the conditions" in page
    assert "History of the decision" not in page  # one decision: no history to show


def test_a_departing_decision_is_flagged_with_its_justification(app, client):
    decided = closed_panel("in", "in", "out")
    sign_decision(
        decided,
        outcome="refine_and_resubmit",
        justification="The costs need working out first.",
        rationale="A promising idea.",
    )
    _signed_in_lead(client, decided)
    for url in (f"/pitches/{decided.pitch.id}", f"/pitches/{decided.pitch.id}/decision"):
        page = _page(client, url)
        assert "Refine and resubmit" in page
        assert "Departs from the panel’s vote" in page
        assert "The costs need working out first." in page
        assert "A promising idea." in page


def test_unanimous_not_funded_with_next_steps(app, client):
    decided = closed_panel("out", "out", "out")
    sign_decision(decided, outcome="not_funded")
    _signed_in_lead(client, decided)
    assert "Unanimous: 0 in, 3 out, 0 recused" in _page(client, f"/pitches/{decided.pitch.id}")
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    assert "Not funded" in page
    assert "You are welcome to pitch again in a later round" in page
    assert "Copy this pitch into a new draft" not in page


def test_the_feedback_is_anonymised_with_the_names_kept_out_of_the_words(app, client):
    decided = closed_panel("in", "out", "in", scores=(5, 3, 4, 2, 1, 4))
    outvoted = decided.dragons[0]
    # The chair's form prefills the dissent with the minority's names.
    decision = sign_decision(
        decided, amount_pence=1_000_000, dissent=f"{outvoted.name} (voted Out): too costly"
    )
    _signed_in_lead(client, decided)
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    for dragon in decided.dragons:
        assert dragon.name not in page
    assert "Dragons are not named" in page
    assert "Dragon 2 (voted Out): too costly" in page  # the dissent, labelled, not named
    assert "Dragon 2:</span> Dragon 2 on " in page  # a comment, its own name replaced too
    assert "Dragon 2 voted out" in page  # the verdict's reason
    criteria = feedback_for(decision).criteria
    assert f'<th scope="row" class="govuk-table__header">{criteria[0].name}</th>' in page
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">5.0</td>' in page
    # The chair is named as the one who signed it.
    assert f"{decided.chair.name}, chair of" in page


def test_the_feedback_names_dragons_when_the_round_says(app, client):
    decided = closed_panel("in", "out", "in")
    db.session.get(JudgingSettings, decided.round.id).feedback_shows_names = True
    db.session.commit()
    outvoted = decided.dragons[0]
    sign_decision(
        decided, amount_pence=1_000_000, dissent=f"{outvoted.name} (voted Out): too costly"
    )
    _signed_in_lead(client, decided)
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    assert "Dragons are not named" not in page
    for member in decided.members:
        assert f"{member.name}:</span> {member.name} on " in page
    assert f"{outvoted.name} (voted Out): too costly" in page


def test_an_amendment_and_the_decision_it_replaces_are_both_shown(app, client):
    decided = closed_panel("in", "in", "in")
    first = sign_decision(decided, amount_pence=1_500_000)
    _signed_in_lead(client, decided)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amount_pence=900_000, amendment_reason="The ask was typed wrongly."),
    )
    # An amendment being prepared is not shown: the signed decision stays in force.
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    assert "Funded £15,000" in page and "£9,000" not in page
    assert "The ask was typed wrongly." not in page

    service.sign(decided.chair, decided.panel, decided.slot, seen_version=amendment.version)
    summary = _page(client, f"/pitches/{decided.pitch.id}")
    assert "Funded £9,000" in summary and "Funded £15,000" not in summary
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    history = page.split("History of the decision")[1]
    assert history.index("Funded £9,000") < history.index("Funded £15,000")  # newest first
    when = govuk_date(first.signed_at)
    assert f"Replaces the decision of {when}" in page
    assert "The ask was typed wrongly." in history
    amended, replaced = history.split('<h3 class="govuk-summary-card__title')[1:3]
    assert "In force" in amended and "Replaced" not in amended.split("Reason")[0]
    assert "Replaced" in replaced and "In force" not in replaced
    assert "The amendment of" in replaced


def test_the_letter_is_linked(app, client):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_500_000)
    _signed_in_lead(client, decided)
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    assert f'href="/decisions/{decision.id}/letter.pdf"' in page
    assert "(PDF)</a>" in page


def test_the_rules_result_never_says_how_the_chair_voted(app, client):
    decided = closed_panel("in", "out", "in", "out", rule="majority_with_chair_casting")
    decision = sign_decision(decided, amount_pence=1_000_000)
    assert "the chair voted In" in decision.rule_explanation
    _signed_in_lead(client, decided)
    page = _page(client, f"/pitches/{decided.pitch.id}/decision")
    assert "Majority, with the chair’s casting vote on a tie" in page
    assert "Funded on the chair’s casting vote after a tied vote." in page
    assert "chair voted" not in page
    assert decision.rule_explanation not in page


def test_names_in_any_case_spacing_or_alone_are_anonymised(app, client):
    decided = closed_panel("in", "out", "in")
    outvoted = decided.dragons[0]
    first, last = outvoted.name.split()
    sign_decision(
        decided,
        amount_pence=1_000_000,
        dissent=f"{outvoted.name.upper()} (voted Out): too costly",
        rationale=f"{first.lower()}  {last.lower()} was outvoted; {first} agreed to differ.",
    )
    _signed_in_lead(client, decided)
    for url in (f"/pitches/{decided.pitch.id}", f"/pitches/{decided.pitch.id}/decision"):
        page = _page(client, url)
        assert "Dragon 2 was outvoted; Dragon 2 agreed to differ." in page
        for dragon in decided.dragons:
            for part in dragon.name.split():
                assert not re.search(rf"\b{part}\b", page, re.IGNORECASE), (url, part)
    assert "Dragon 2 (voted Out): too costly" in page


@pytest.mark.parametrize("who", ["member", "stranger", "dragon", "chair", "organiser"])
def test_only_the_team_sees_the_decision_page(app, client, who):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided, amount_pence=1_500_000)
    team = decided.pitch.team
    people = {
        "member": lambda: _joined(team),
        "stranger": make_user,
        "dragon": lambda: decided.dragons[0],
        "chair": lambda: decided.chair,
        "organiser": lambda: make_user(roles=("organiser",)),
    }
    sign_in(client, people[who]())
    response = client.get(f"/pitches/{decided.pitch.id}/decision")
    assert response.status_code == (200 if who == "member" else 404)
    copy = client.post(f"/pitches/{decided.pitch.id}/decision/copy", data={})
    assert copy.status_code in ((400, 409) if who == "member" else (404,))


def test_signed_out_visitors_go_to_sign_in(app, client):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided, amount_pence=1_500_000)
    response = client.get(f"/pitches/{decided.pitch.id}/decision")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")
    assert client.get("/pitches/999999/decision").status_code == 302


def test_an_unknown_pitch_is_404(app, client):
    sign_in(client, make_user())
    assert client.get("/pitches/999999/decision").status_code == 404


@contextmanager
def _statements():
    found: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        found.append(statement)

    db.session.remove()
    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield found
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


def test_the_decision_costs_the_pitch_page_a_few_statements(app, client, monkeypatch):
    decided = closed_panel("in", "in", "out")
    sign_decision(decided, amount_pence=1_500_000)
    _signed_in_lead(client, decided)
    url = f"/pitches/{decided.pitch.id}"
    client.get(url)
    with _statements() as shown:
        assert "The panel’s decision" in client.get(url).get_data(as_text=True)
    monkeypatch.setattr(page_parts, "_parts", [])
    with _statements() as bare:
        client.get(url)
    assert len(shown) - len(bare) <= 8, shown


def _joined(team):
    from spark.accounts.models import MEMBER, TeamMember

    person = make_user()
    db.session.add(TeamMember(team_id=team.id, user_id=person.id, role=MEMBER))
    db.session.commit()
    return person
