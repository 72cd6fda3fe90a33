"""Who may use the stage gate pages, GET and POST, through the client: the lab only for the
forms (the team and organisers 403, anyone else 404, signed out to sign-in); the timeline for
anyone who may see the project; the stages admin for the lab only."""

from __future__ import annotations

import pytest

from spark.extensions import db
from spark.lab import gates
from spark.lab.models import LabProject
from spark.lab.stages import Action, Request
from tests.app.lab.gate_helpers import EVIDENCE, timeline
from tests.factories import audit_events, outbox_messages, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.panel_factories import fresh

LAB_FORMS = ["stage", "pause", "resume", "stop"]
MOVE = {
    "seen_version": "1",
    "to_stage": "alpha",
    "evidence": EVIDENCE,
    "assessment": "met",
    "reason": "Why",
    "confirm": "y",
}


@pytest.fixture
def funded(app):
    return funded_project()


def _person(kind: str, funded):
    if kind == "lab":
        return make_lab_user()
    if kind == "team":
        return funded.lead
    if kind == "organiser":
        return make_organiser()
    return make_colleague()


def _unchanged(funded):
    project = fresh(LabProject, funded.project.id)
    assert (project.stage, project.status, project.version) == ("discovery", "active", 1)
    assert [entry.kind for entry in timeline(project)] == ["opened"]
    assert outbox_messages("lab_stage_changed") == []
    assert not [
        e
        for e in audit_events()
        if e.action.startswith("lab_project.") and e.action != "lab_project.opened"
    ]


@pytest.mark.parametrize("form", LAB_FORMS)
@pytest.mark.parametrize("kind, status", [("team", 403), ("organiser", 403), ("other", 404)])
def test_only_the_lab_may_use_the_stage_forms(client, funded, form, kind, status):
    sign_in(client, _person(kind, funded))
    url = f"/lab/projects/{funded.project.id}/{form}"
    assert client.get(url).status_code == status
    assert client.post(url, data=MOVE).status_code == status
    _unchanged(funded)


@pytest.mark.parametrize("form", LAB_FORMS)
def test_signed_out_visitors_are_sent_to_sign_in(client, funded, form):
    url = f"/lab/projects/{funded.project.id}/{form}"
    for response in (client.get(url), client.post(url, data=MOVE)):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")
    _unchanged(funded)


@pytest.mark.parametrize("form", LAB_FORMS)
def test_the_lab_may_open_each_form(client, funded, form):
    sign_in(client, make_lab_user())
    assert client.get(f"/lab/projects/{funded.project.id}/{form}").status_code == 200


def test_no_such_project_is_404_for_the_lab(client, app):
    sign_in(client, make_lab_user())
    for form in LAB_FORMS:
        assert client.get(f"/lab/projects/999999/{form}").status_code == 404
        assert client.post(f"/lab/projects/999999/{form}", data=MOVE).status_code == 404


@pytest.mark.parametrize(
    "kind, status", [("lab", 200), ("team", 200), ("organiser", 200), ("other", 404)]
)
def test_the_timeline_page_is_for_whoever_may_see_the_project(client, funded, kind, status):
    sign_in(client, _person(kind, funded))
    response = client.get(f"/lab/projects/{funded.project.id}/timeline")
    assert response.status_code == status
    if status == 200:
        page = response.get_data(as_text=True)
        assert "Opened in Discovery" in page
        assert ("Move to another stage" in page) == (kind == "lab")


def test_the_timeline_page_signed_out(client, funded):
    response = client.get(f"/lab/projects/{funded.project.id}/timeline")
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


@pytest.mark.parametrize("kind", ["team", "organiser", "other"])
def test_the_stages_admin_is_for_the_lab_only(client, funded, kind):
    sign_in(client, _person(kind, funded))
    assert client.get("/lab/stages").status_code == 403
    assert client.get("/lab/stages/alpha").status_code == 403
    response = client.post("/lab/stages/alpha", data={"name": "Hacked", "seen": "never"})
    assert response.status_code == 403
    assert [stage.name for stage in gates.all_stages()][1] == "Alpha"


def test_the_stages_admin_signed_out(client, app):
    for response in (client.get("/lab/stages"), client.post("/lab/stages/alpha", data={})):
        assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_the_service_refuses_anyone_but_the_lab(app, funded):
    """Whatever a page let through, the service checks again."""
    for person in (funded.lead, make_organiser()):
        with pytest.raises(gates.GateRefused) as refused:
            gates.change(
                funded.project,
                person,
                Request(Action.MOVE, "alpha", EVIDENCE, "met"),
                seen_version=1,
            )
        assert refused.value.status == 403
        with pytest.raises(gates.GateRefused):
            gates.edit_stage(person, "alpha", gates.StageDetails("Hacked", "", ""), seen="never")
    db.session.rollback()
    _unchanged(funded)
