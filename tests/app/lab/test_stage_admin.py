"""The lab's stages admin: the stages in order with their names, descriptions and gate
guidance; renaming one (name required, at most 80 characters, unique) shows the new name
everywhere a stage's name is shown; every change audited; two edits never overwrite."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.lab.models import Stage
from tests.app.lab.gate_helpers import EVIDENCE, move_url, post_move
from tests.factories import audit_events, outbox_messages, sign_in
from tests.lab_factories import funded_project, make_lab_user
from tests.panel_factories import fresh


@pytest.fixture
def lab(client, app):
    user = make_lab_user()
    sign_in(client, user)
    return user


def _stage(key: str) -> Stage:
    db.session.expire_all()
    return db.session.query(Stage).filter_by(key=key).one()


def _edit(client, key: str, **fields):
    stage = _stage(key)
    data = {
        "name": stage.name,
        "description": stage.description,
        "guidance": stage.guidance,
        "seen": stage.updated_at.isoformat() if stage.updated_at else "never",
    }
    data.update(fields)
    return client.post(f"/lab/stages/{key}", data=data)


def test_the_stages_are_listed_in_order_with_their_guidance(client, lab):
    page = client.get("/lab/stages").get_data(as_text=True)
    names = ["Discovery", "Alpha", "Beta", "Live", "Scaled across government"]
    titles = re.findall(r"Stage \d: ([^<]+?)\s*</h2>", page)
    assert titles == names
    assert "Try out different ways of solving the problem with prototypes." in page
    assert "Show the prototypes you tested" in page
    assert 'href="/lab/stages/alpha"' in page


def test_the_edit_page_starts_from_the_stage(client, lab):
    page = client.get("/lab/stages/alpha").get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">Change the stage Alpha</h1>' in page
    assert 'value="Alpha"' in page and "Show the prototypes you tested" in page


def test_renaming_a_stage_is_saved_and_audited(client, lab):
    response = _edit(client, "alpha", name="Prototype", guidance="Show the prototypes")
    assert response.status_code == 302 and response.headers["Location"] == "/lab/stages"
    stage = _stage("alpha")
    assert (stage.name, stage.guidance, stage.updated_by_id) == (
        "Prototype",
        "Show the prototypes",
        lab.id,
    )
    assert stage.updated_at is not None
    [event] = audit_events("lab_stage.changed")
    assert event.actor_id == lab.id and event.target_id == str(stage.id)
    assert event.before["name"] == "Alpha" and event.after["name"] == "Prototype"
    assert event.before["guidance"].startswith("Show the prototypes you tested")
    page = client.get("/lab/stages").get_data(as_text=True)
    assert "Prototype saved" in page and "Stage 2: Prototype" in page


def test_a_save_without_changes_is_not_audited(client, lab):
    response = _edit(client, "beta")
    assert response.status_code == 302
    assert "No changes to save" in client.get("/lab/stages").get_data(as_text=True)
    assert audit_events("lab_stage.changed") == []
    assert _stage("beta").updated_at is None


@pytest.mark.parametrize(
    "name, message",
    [
        ("", "Enter a name for the stage"),
        ("   ", "Enter a name for the stage"),
        ("P" * 81, "The stage name must be 80 characters or fewer"),
        ("beta", "There is already a stage called beta. Enter a different name"),
        ("Stopped", "Enter a different name: ‘Stopped’ is how a project’s status is shown"),
    ],
)
def test_a_bad_name_is_refused_with_everything_kept(client, lab, name, message):
    response = _edit(client, "alpha", name=name, description="Kept description")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<title>Error: " in page and 'href="#name"' in page
    assert page.count(message) == 2
    assert "Kept description" in page
    assert _stage("alpha").name == "Alpha"
    assert audit_events("lab_stage.changed") == []


def test_its_own_name_in_other_letters_is_fine(client, lab):
    assert _edit(client, "alpha", name="ALPHA").status_code == 302
    assert _stage("alpha").name == "ALPHA"


def test_long_guidance_is_refused(client, lab):
    response = _edit(client, "alpha", guidance="x" * 5001)
    assert response.status_code == 400
    assert "The gate guidance must be 5,000 characters or fewer" in response.get_data(as_text=True)


def test_two_edits_from_the_same_page_never_overwrite(client, lab):
    seen = "never"
    first = _edit(client, "alpha", name="Prototype", seen=seen)
    second = _edit(client, "alpha", name="Experiment", seen=seen)
    assert (first.status_code, second.status_code) == (302, 409)
    page = second.get_data(as_text=True)
    assert "This stage has been changed since you opened this page" in page
    assert 'value="Experiment"' in page  # kept
    assert "Name: Prototype" in page  # what is saved now
    assert _stage("alpha").name == "Prototype"
    # The page now names the saved stage: saving again goes through.
    token = re.search(r'name="seen" type="hidden" value="([^"]+)"', page).group(1)
    assert _edit(client, "alpha", name="Experiment", seen=token).status_code == 302


def test_no_such_stage_is_404(client, lab):
    assert client.get("/lab/stages/gamma").status_code == 404
    assert client.post("/lab/stages/gamma", data={"name": "x"}).status_code == 404


def test_a_renamed_stage_shows_everywhere_its_name_is_shown(client, lab):
    funded = funded_project()
    _edit(client, "alpha", name="Prototype", guidance="Show the prototypes and what users did")
    _edit(client, "discovery", guidance="Show what you learnt about users, renamed")
    form = client.get(move_url(funded.project)).get_data(as_text=True)
    assert "Prototype" in form and ">\n          Alpha\n" not in form
    assert "Show what you learnt about users, renamed" in form
    response = post_move(
        client, funded.project, to_stage="alpha", evidence=EVIDENCE, assessment="met"
    )
    project_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "moved to Prototype" in project_page  # the banner
    assert "Moved from Discovery to Prototype" in project_page  # the timeline
    assert "Show the prototypes and what users did" in project_page  # the stage section
    timeline = client.get(f"/lab/projects/{funded.project.id}/timeline").get_data(as_text=True)
    assert "Moved from Discovery to Prototype" in timeline and "Alpha" not in timeline
    message = outbox_messages("lab_stage_changed")[0]
    assert message.subject.startswith("Your project has moved to Prototype")
    assert "from Discovery to Prototype" in message.body
    assert "Prototype" in client.get("/lab").get_data(as_text=True)  # the board
    assert fresh(type(funded.project), funded.project.id).stage == "alpha"  # keys never change
