"""Stage gates through the client: the lab moves a project forward with gate evidence, records
an assessment not met, skips with a reason, moves back; the team is emailed, the move audited;
a stale page or a double click is refused (409), never a second move."""

from __future__ import annotations

import pytest

from spark.lab.models import LabProject
from tests.app.lab.gate_helpers import EVIDENCE, move_url, post_move, timeline
from tests.factories import audit_events, outbox_messages, sign_in
from tests.lab_factories import funded_project, make_lab_user
from tests.panel_factories import fresh


@pytest.fixture
def funded(app):
    return funded_project()


@pytest.fixture
def lab(client, funded):
    user = make_lab_user(name="Lena Lab")
    sign_in(client, user)
    return user


def _project(funded) -> LabProject:
    return fresh(LabProject, funded.project.id)


def test_the_move_form_offers_each_possible_move_and_shows_the_gate_guidance(client, lab, funded):
    page = client.get(move_url(funded.project)).get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Move to another stage</h1>' in page
    assert "What the lab expects before a project leaves Discovery" in page
    assert "Show what you learnt about your users" in page  # the seeded gate guidance
    for key in ("alpha", "beta", "live", "scaled"):
        assert f'value="{key}"' in page
    assert 'value="discovery"' not in page
    assert "Skips Alpha. Needs the evidence, the gate assessment and a reason" in page
    assert f'name="seen_version" type="hidden" value="{funded.project.version}"' in page


def test_the_lab_moves_a_project_from_discovery_to_alpha_with_evidence(client, lab, funded):
    before = _project(funded)
    entered = before.stage_entered_at
    response = post_move(
        client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met"
    )
    assert response.status_code == 302
    project = _project(funded)
    assert (project.stage, project.status, project.version) == ("alpha", "active", 2)
    entry = timeline(project)[-1]
    assert (entry.kind, entry.from_stage, entry.to_stage, entry.assessment) == (
        "forward",
        "discovery",
        "alpha",
        "met",
    )
    assert (entry.evidence, entry.decided_by_id) == (EVIDENCE, lab.id)
    assert project.stage_entered_at == entry.decided_at != entered  # the stage clock restarts
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "moved to Alpha. The team has been emailed" in page
    assert "Moved from Discovery to Alpha" in page


def test_a_move_is_audited_with_before_and_after(client, lab, funded):
    post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    [event] = audit_events("lab_project.stage_moved")
    assert event.actor_id == lab.id and event.target_id == str(funded.project.id)
    assert event.before == {"stage": "discovery", "status": "active", "version": 1}
    assert event.after["stage"] == "alpha" and event.after["kind"] == "forward"
    assert event.after["assessment"] == "met" and event.after["version"] == 2


def test_every_team_member_is_emailed_what_changed_with_a_link(client, lab, funded):
    post_move(
        client,
        funded.project,
        to_stage="alpha",
        evidence=EVIDENCE,
        assessment="met",
        reason="Strong research",
    )
    messages = outbox_messages("lab_stage_changed")
    members = {m.user.email for m in funded.pitch.team.members}
    assert {message.to for message in messages} == members and members
    message = messages[0]
    title = funded.pitch.title
    assert message.subject == f"Your project has moved to Alpha: {title}"
    assert f"moved ‘{title}’ from Discovery to Alpha" in message.body
    assert "Gate assessment: Met" in message.body
    assert EVIDENCE in message.body and "Strong research" in message.body
    assert message.personalisation["link"].startswith("http")
    assert message.personalisation["link"].endswith(f"/lab/projects/{funded.project.id}")
    assert message.personalisation["link"] in message.body


def test_an_assessment_not_met_is_recorded_and_the_project_stays(client, lab, funded):
    entered = _project(funded).stage_entered_at
    response = post_move(
        client, funded.project, to_stage="alpha", evidence="Too few users", assessment="not_met"
    )
    assert response.status_code == 302
    project = _project(funded)
    assert (project.stage, project.version) == ("discovery", 2)
    assert project.stage_entered_at == entered  # still in Discovery, since it opened
    entry = timeline(project)[-1]
    assert (entry.kind, entry.assessment, entry.to_stage) == ("assessed", "not_met", "alpha")
    assert [e.action for e in audit_events() if e.action.startswith("lab_project.")][-1] == (
        "lab_project.assessed"
    )
    [message, *_] = outbox_messages("lab_stage_changed")
    assert message.subject.startswith("Your project did not meet its stage gate")
    assert "Gate assessment: Not met" in message.body
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Gate assessment recorded as not met" in page
    assert "Gate assessment not met for Alpha: stayed in Discovery" in page
    assert "Not met" in page


def test_a_skip_without_a_reason_is_refused_with_a_govuk_error(client, lab, funded):
    response = post_move(
        client, funded.project, to_stage="beta", evidence=EVIDENCE, assessment="met"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page
    assert "There is a problem" in page
    assert page.count("Enter why the project is skipping a stage") == 2  # summary and field
    assert 'href="#reason"' in page
    assert EVIDENCE in page  # what was typed is kept
    assert 'value="beta" checked' in page
    assert _project(funded).stage == "discovery"
    assert len(timeline(funded.project)) == 1
    assert outbox_messages("lab_stage_changed") == []


def test_a_skip_with_a_reason_moves_past_the_skipped_stage(client, lab, funded):
    response = post_move(
        client,
        funded.project,
        to_stage="beta",
        evidence=EVIDENCE,
        assessment="met",
        reason="Alpha was done by DWP",
    )
    assert response.status_code == 302
    assert _project(funded).stage == "beta"
    entry = timeline(funded.project)[-1]
    assert (entry.kind, entry.reason) == ("skip", "Alpha was done by DWP")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Skipped Alpha: moved from Discovery to Beta" in page
    assert "skipping Alpha" in outbox_messages("lab_stage_changed")[0].body


def test_an_empty_move_shows_the_stage_error(client, lab, funded):
    response = post_move(client, funded.project)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select the stage to move the project to" in page
    assert 'href="#to_stage"' in page


def test_forward_needs_evidence_and_assessment_all_at_once(client, lab, funded):
    page = post_move(client, funded.project, to_stage="alpha").get_data(as_text=True)
    assert "Enter the evidence the project meets the gate" in page
    assert "Select whether the project met the gate" in page


def test_back_one_stage_needs_a_reason_then_moves(client, lab, funded):
    post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    refused = post_move(client, funded.project, to_stage="discovery")
    assert refused.status_code == 400
    assert "Enter why the project is moving back a stage" in refused.get_data(as_text=True)
    moved = post_move(client, funded.project, to_stage="discovery", reason="Users were wrong")
    assert moved.status_code == 302
    assert _project(funded).stage == "discovery"
    assert timeline(funded.project)[-1].kind == "back"
    subjects = [m.subject for m in outbox_messages("lab_stage_changed")]
    assert subjects[-1].startswith("Your project has moved back to Discovery")


def test_back_more_than_one_stage_is_refused(client, lab, funded):
    post_move(
        client,
        funded.project,
        to_stage="beta",
        evidence=EVIDENCE,
        assessment="met",
        reason="Fast track",
    )
    response = post_move(client, funded.project, to_stage="discovery", reason="Start again")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "A project can only move back one stage at a time. Select Alpha" in page
    assert _project(funded).stage == "beta"


def test_text_over_the_limit_is_refused_not_cut(client, lab, funded):
    response = post_move(
        client, funded.project, to_stage="alpha", evidence="x" * 5001, assessment="met"
    )
    assert response.status_code == 400
    assert "The evidence must be 5,000 characters or fewer" in response.get_data(as_text=True)


def test_a_stale_page_is_refused_with_409_and_no_move(client, lab, funded):
    post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    response = post_move(
        client,
        funded.project,
        version=1,
        to_stage="beta",
        evidence=EVIDENCE,
        assessment="met",
        reason="Quick",
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The project has changed since you opened this page" in page
    assert "<title>Error: " in page
    assert 'href="#where-now"' in page and 'id="where-now"' in page
    assert "Quick" in page  # kept
    assert 'name="seen_version" type="hidden" value="2"' in page  # try again from here
    assert _project(funded).stage == "alpha"
    assert [e.kind for e in timeline(funded.project)] == ["opened", "forward"]


def test_a_double_click_moves_once(client, lab, funded):
    data = {"to_stage": "alpha", "evidence": EVIDENCE, "assessment": "met"}
    first = post_move(client, funded.project, version=1, **data)
    second = post_move(client, funded.project, version=1, **data)
    assert (first.status_code, second.status_code) == (302, 409)
    assert [e.kind for e in timeline(funded.project)] == ["opened", "forward"]
    assert len(outbox_messages("lab_stage_changed")) == len(funded.pitch.team.members)


@pytest.mark.parametrize("version", ["", "two", "-1"])
def test_a_missing_or_garbled_version_is_refused(client, lab, funded, version):
    response = post_move(
        client,
        funded.project,
        version=version,
        to_stage="alpha",
        evidence=EVIDENCE,
        assessment="met",
    )
    assert response.status_code == 409
    assert _project(funded).stage == "discovery"


def test_garbage_choices_are_refused_not_a_500(client, lab, funded):
    response = post_move(
        client, funded.project, to_stage="<script>", evidence=EVIDENCE, assessment="yes"
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<script>" not in page
    assert "Select the stage to move the project to" in page


def test_from_the_last_stage_only_back_is_offered(client, lab, funded):
    post_move(
        client,
        funded.project,
        to_stage="scaled",
        evidence=EVIDENCE,
        assessment="met",
        reason="Already used across government",
    )
    page = client.get(move_url(funded.project)).get_data(as_text=True)
    assert 'value="live"' in page
    assert 'value="scaled"' not in page and 'value="discovery"' not in page
    refused = post_move(
        client, funded.project, to_stage="scaled", evidence=EVIDENCE, assessment="met"
    )
    assert refused.status_code == 400
    assert "The project is already in Scaled across government" in refused.get_data(as_text=True)
