"""Pausing, resuming and stopping a project through the client: each with its reason, on the
timeline, audited and emailed; a paused project cannot move stage, a stopped one cannot change
at all (409) until an amendment of the panel's decision reopens it."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.lab.board_rules import STATUS_TAG
from spark.lab.models import LabProject
from tests.app.lab.gate_helpers import EVIDENCE, move_url, post_move, post_status, timeline
from tests.factories import audit_events, outbox_messages, sign_in
from tests.lab_factories import funded_project, make_lab_user
from tests.panel_factories import fresh


@pytest.fixture
def funded(app):
    return funded_project()


@pytest.fixture
def lab(client, funded):
    user = make_lab_user()
    sign_in(client, user)
    return user


def _project(funded) -> LabProject:
    return fresh(LabProject, funded.project.id)


def test_pause_with_a_reason(client, lab, funded):
    page = client.get(f"/lab/projects/{funded.project.id}/pause").get_data(as_text=True)
    assert "Why is the project pausing?" in page
    response = post_status(client, funded.project, "pause", reason="Waiting for the supplier")
    assert response.status_code == 302
    project = _project(funded)
    assert (project.status, project.status_reason, project.stage, project.version) == (
        "paused",
        "Waiting for the supplier",
        "discovery",
        2,
    )
    entry = timeline(project)[-1]
    assert (entry.kind, entry.reason, entry.from_stage, entry.to_stage) == (
        "pause",
        "Waiting for the supplier",
        "discovery",
        "discovery",
    )
    [event] = audit_events("lab_project.paused")
    assert event.before["status"] == "active" and event.after["status"] == "paused"
    [message, *_] = outbox_messages("lab_stage_changed")
    assert message.subject.startswith("Your project is paused")
    assert "Waiting for the supplier" in message.body
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "paused. The team has been emailed" in shown
    assert "Resume the project" in shown and "Move to another stage<" not in shown


def test_pause_without_a_reason_is_refused(client, lab, funded):
    response = post_status(client, funded.project, "pause", reason="  ")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter why the project is pausing" in page and "<title>Error: " in page
    assert _project(funded).status == "active"


def test_a_paused_project_cannot_move_until_resumed(client, lab, funded):
    post_status(client, funded.project, "pause", reason="Waiting")
    page = client.get(move_url(funded.project)).get_data(as_text=True)
    assert "This project is paused. Resume it before you move it" in page
    assert 'name="to_stage"' not in page
    response = post_move(
        client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met"
    )
    assert response.status_code == 409
    assert "This project is paused. Resume it before moving it" in response.get_data(as_text=True)
    assert _project(funded).stage == "discovery"
    again = post_status(client, funded.project, "pause", reason="Again")
    assert again.status_code == 409
    assert "This project is already paused" in again.get_data(as_text=True)


def test_resume_a_paused_project_reason_optional(client, lab, funded):
    post_status(client, funded.project, "pause", reason="Waiting")
    response = post_status(client, funded.project, "resume")
    assert response.status_code == 302
    project = _project(funded)
    assert (project.status, project.status_reason, project.version) == ("active", "", 3)
    assert [e.kind for e in timeline(project)] == ["opened", "pause", "resume"]
    assert audit_events("lab_project.resumed")
    assert outbox_messages("lab_stage_changed")[-1].subject.startswith("Your project has resumed")
    assert (
        post_move(
            client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met"
        ).status_code
        == 302
    )


def test_only_a_paused_project_resumes(client, lab, funded):
    page = client.get(f"/lab/projects/{funded.project.id}/resume").get_data(as_text=True)
    assert "This project is not paused" in page and 'name="reason"' not in page
    response = post_status(client, funded.project, "resume")
    assert response.status_code == 409
    assert _project(funded).version == 1


def test_stop_asks_for_a_reason_and_a_confirmation(client, lab, funded):
    page = client.get(f"/lab/projects/{funded.project.id}/stop").get_data(as_text=True)
    assert "Stopping ends the project" in page
    response = post_status(client, funded.project, "stop")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter why the project is stopping" in page
    assert "Confirm that you want to stop the project" in page
    unconfirmed = post_status(client, funded.project, "stop", reason="No benefit found")
    assert unconfirmed.status_code == 400
    text = unconfirmed.get_data(as_text=True)
    assert "Confirm that you want to stop the project" in text and "No benefit found" in text
    assert _project(funded).status == "active"


@pytest.mark.parametrize("paused_first", [False, True])
def test_stop_from_active_or_paused(client, lab, funded, paused_first):
    if paused_first:
        post_status(client, funded.project, "pause", reason="Waiting")
    response = post_status(client, funded.project, "stop", reason="No benefit", confirm="y")
    assert response.status_code == 302
    project = _project(funded)
    assert (project.status, project.status_reason) == ("stopped", "No benefit")
    assert timeline(project)[-1].kind == "stop"
    [event] = audit_events("lab_project.stopped")
    assert event.after["status"] == "stopped"
    message = outbox_messages("lab_stage_changed")[-1]
    assert message.subject.startswith("Your project has stopped")
    assert "The project has ended" in message.body


def test_a_stopped_project_cannot_change(client, lab, funded):
    post_status(client, funded.project, "stop", reason="No benefit", confirm="y")
    for action in ("pause", "resume", "stop"):
        page = client.get(f"/lab/projects/{funded.project.id}/{action}").get_data(as_text=True)
        assert "This project has stopped, so it cannot change" in page
        assert 'name="reason"' not in page
        response = post_status(client, funded.project, action, reason="Try", confirm="y")
        assert response.status_code == 409, action
        assert "Only an amendment of the panel’s decision" in response.get_data(as_text=True)
    moved = post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    assert moved.status_code == 409
    assert "This project has stopped" in client.get(move_url(funded.project)).get_data(as_text=True)
    assert [e.kind for e in timeline(funded.project)] == ["opened", "stop"]


def test_a_stale_pause_is_refused(client, lab, funded):
    post_move(client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met")
    response = post_status(client, funded.project, "pause", version=1, reason="Waiting")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "The project has changed since you opened this page" in page and "Waiting" in page
    assert _project(funded).status == "active"


def test_the_banner_and_the_project_page_after_a_stop(client, lab, funded):
    response = post_status(client, funded.project, "stop", reason="No benefit", confirm="y")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "stopped. The team has been emailed" in page
    assert "Stopped" in page and "No benefit" in page
    assert "Move to another stage<" not in page and "Stop the project<" not in page


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_a_status_has_the_same_tag_colour_on_every_page(client, lab, funded, status):
    project = _project(funded)
    project.status, project.status_reason = status, "Waiting for the supplier"
    db.session.commit()
    words = {"paused": "Paused", "stopped": "Stopped"}[status]
    tag = re.compile(rf'<strong class="govuk-tag ([^"]*)">\s*{words}\s*</strong>')
    base = f"/lab/projects/{project.id}"
    pages = [base, f"{base}/timeline", f"{base}/stage"]
    if status == "paused":  # the board tags paused projects (stopped ones have their group)
        pages += ["/lab", "/lab/board/discovery", f"{base}/resume"]
    for url in pages:
        html = client.get(url).get_data(as_text=True)
        assert tag.findall(html) and set(tag.findall(html)) == {STATUS_TAG[status]}, url
    # The team's pitch page says where their idea is, in the same colour.
    client.get("/sign-out")
    sign_in(client, funded.lead)
    html = client.get(f"/pitches/{funded.pitch.id}").get_data(as_text=True)
    assert set(tag.findall(html)) == {STATUS_TAG[status]}
