"""Organisers list, add, change, remove and reorder a round's criteria until scoring starts."""

from __future__ import annotations

import pytest

from spark.extensions import db
from spark.panels import setup_service
from spark.panels.models import Criterion
from tests.factories import PASSWORD, audit_events, make_round, make_user, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

LOCKED = "You cannot change the criteria because dragons have started scoring in this round"


def criterion_data(**overrides) -> dict:
    data = {
        "name": "Speed of delivery",
        "guidance": "How soon will users notice a difference?",
        "weight": "2",
        "descriptor_1": "Years away",
        "descriptor_2": "More than a year",
        "descriptor_3": "Within a year",
        "descriptor_4": "Within six months",
        "descriptor_5": "Within weeks",
    }
    data.update(overrides)
    return data


def names(round_) -> list[str]:
    db.session.expire_all()
    return [criterion.name for criterion in criteria_of(round_)]


def start_scoring(round_):
    """A dragon opens a score sheet on a pitch in the round: the criteria are now locked."""
    dragon = make_dragon()
    panel = make_panel(round_, dragon)
    pitch = make_team_pitch(round_)
    route(panel, pitch, state="scoring")
    return make_sheet(pitch, dragon)


def test_the_criteria_page_lists_them_in_order(client, organiser):
    round_ = make_judged_round(name="Spark! spring 2027", status="open")
    response = client.get(f"/rounds/{round_.id}/judging/criteria")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Criteria for Spark! spring 2027 – Project Spark!"
    assert body.index("1. User need and problem") < body.index("6. Accessibility and inclusion")
    assert "A well-evidenced problem that matters to many users" in body
    first = criteria_of(round_)[0]
    assert f"/judging/criteria/{first.id}/edit" in body
    assert f"/judging/criteria/{first.id}/remove" in body
    assert f"/judging/criteria/{first.id}/move/down" in body
    assert f"/judging/criteria/{first.id}/move/up" not in body


def test_add_a_criterion_at_the_end(client, organiser):
    round_ = make_judged_round(status="open")
    form = client.get(f"/rounds/{round_.id}/judging/criteria/new").get_data(as_text=True)
    assert page_title(form) == "Add a criterion – Project Spark!"
    response = client.post(f"/rounds/{round_.id}/judging/criteria/new", data=criterion_data())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}/judging/criteria"
    added = criteria_of(round_)[-1]
    assert (added.name, added.weight, added.position) == ("Speed of delivery", 2, 7)
    assert added.descriptors[4] == "Within weeks"
    [event] = audit_events("criterion.added")
    assert event.actor_id == organiser.id
    assert event.after["name"] == "Speed of delivery"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Speed of delivery has been added" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "Enter a name for the criterion"),
        ({"name": "x" * 121}, "name", "Name must be 120 characters or fewer"),
        ({"guidance": "x" * 1001}, "guidance", "Guidance must be 1000 characters or fewer"),
        ({"weight": ""}, "weight", "Enter the weight"),
        ({"weight": "1.5"}, "weight", "Weight must be a whole number, like 2"),
        ({"weight": "0"}, "weight", "Weight must be between 1 and 10"),
        ({"weight": "11"}, "weight", "Weight must be between 1 and 10"),
        ({"descriptor_3": ""}, "descriptor_3", "Enter what a score of 3 means"),
        ({"descriptor_5": "x" * 301}, "descriptor_5", "What a score of 5 means must be 300"),
    ],
)
def test_add_errors_keep_what_was_typed(client, organiser, overrides, field, message):
    round_ = make_judged_round(status="open")
    response = client.post(
        f"/rounds/{round_.id}/judging/criteria/new", data=criterion_data(**overrides)
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Add a criterion – Project Spark!"
    assert message in body
    assert f'href="#{field}"' in body and f'id="{field}"' in body
    if field != "descriptor_1":
        assert "Years away" in body
    assert len(criteria_of(round_)) == 6
    assert audit_events("criterion.added") == []


def test_change_a_criterion(client, organiser):
    round_ = make_judged_round(status="judging")
    criterion = criteria_of(round_)[3]
    url = f"/rounds/{round_.id}/judging/criteria/{criterion.id}/edit"
    form = client.get(url).get_data(as_text=True)
    assert page_title(form) == "Change Value for money – Project Spark!"
    assert "Costs are unclear or far above the benefits" in form

    response = client.post(url, data=criterion_data(name="Value for public money", weight="3"))
    assert response.status_code == 302
    db.session.refresh(criterion)
    assert (criterion.name, criterion.weight, criterion.position) == (
        "Value for public money",
        3,
        4,
    )
    [event] = audit_events("criterion.changed")
    assert event.before["name"] == "Value for money" and event.after["weight"] == 3
    assert "Value for public money has been changed" in client.get(
        response.headers["Location"]
    ).get_data(as_text=True)

    client.post(url, data=criterion_data(name="Value for public money", weight="3"))
    assert len(audit_events("criterion.changed")) == 1


def test_remove_a_criterion_after_confirming(client, organiser):
    round_ = make_judged_round(status="open")
    criterion = criteria_of(round_)[1]
    url = f"/rounds/{round_.id}/judging/criteria/{criterion.id}/remove"
    confirm = client.get(url).get_data(as_text=True)
    assert page_title(confirm) == "Remove Innovation? – Project Spark!"
    assert len(criteria_of(round_)) == 6

    response = client.post(url)
    assert response.status_code == 302
    assert "Innovation" not in names(round_)
    assert [c.position for c in criteria_of(round_)] == [1, 2, 3, 4, 5]
    [event] = audit_events("criterion.removed")
    assert event.before["name"] == "Innovation"
    assert "Innovation has been removed" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_move_criteria_up_and_down(client, organiser):
    round_ = make_judged_round(status="open")
    first, second = criteria_of(round_)[:2]
    base = f"/rounds/{round_.id}/judging/criteria"
    response = client.post(f"{base}/{second.id}/move/up")
    assert response.status_code == 302
    assert names(round_)[:2] == ["Innovation", "User need and problem"]
    [event] = audit_events("criterion.moved")
    assert event.after["order"][:2] == [second.id, first.id]
    assert "Innovation has been moved up" in client.get(base).get_data(as_text=True)

    client.post(f"{base}/{first.id}/move/down")
    assert names(round_)[1:3] == ["Feasibility", "User need and problem"]
    # At the top already: nothing changes, and the page says so.
    client.post(f"{base}/{second.id}/move/up")
    assert names(round_)[0] == "Innovation"
    assert len(audit_events("criterion.moved")) == 2
    assert "Innovation is already first" in client.get(base).get_data(as_text=True)
    assert client.post(f"{base}/{second.id}/move/sideways").status_code == 404


def test_a_round_without_criteria_offers_the_defaults(client, organiser):
    round_ = make_round(status="open")  # made before this stage: no criteria
    page = client.get(f"/rounds/{round_.id}/judging/criteria").get_data(as_text=True)
    assert "This round has no criteria yet" in page
    assert "Add the default criteria" in page
    response = client.post(f"/rounds/{round_.id}/judging/criteria/defaults")
    assert response.status_code == 302
    assert len(names(round_)) == 6
    [event] = audit_events("round.default_criteria_added")
    assert event.after["criteria"][0] == "User need and problem"
    page = client.get(f"/rounds/{round_.id}/judging/criteria").get_data(as_text=True)
    assert "The 6 default criteria have been added" in page
    assert "Add the default criteria" not in page
    # Twice (a second tab): refused with a reason, nothing doubled.
    again = client.post(f"/rounds/{round_.id}/judging/criteria/defaults", follow_redirects=True)
    assert "This round already has criteria" in again.get_data(as_text=True)
    assert len(names(round_)) == 6


def test_criteria_are_locked_once_scoring_starts(client, organiser):
    round_ = make_judged_round(status="judging")
    start_scoring(round_)
    criterion = criteria_of(round_)[0]
    page = client.get(f"/rounds/{round_.id}/judging/criteria").get_data(as_text=True)
    assert LOCKED in page
    assert "/edit" not in page and "/remove" not in page and "/move/" not in page
    assert "Add a criterion" not in page

    base = f"/rounds/{round_.id}/judging/criteria"
    attempts = [
        ("get", f"{base}/new", None),
        ("post", f"{base}/new", criterion_data()),
        ("get", f"{base}/{criterion.id}/edit", None),
        ("post", f"{base}/{criterion.id}/edit", criterion_data()),
        ("get", f"{base}/{criterion.id}/remove", None),
        ("post", f"{base}/{criterion.id}/remove", None),
        ("post", f"{base}/{criterion.id}/move/down", None),
        ("post", f"{base}/defaults", None),
    ]
    for method, url, data in attempts:
        response = getattr(client, method)(url, data=data)
        assert response.status_code == 302, url
        assert response.headers["Location"] == base
        assert LOCKED in client.get(base).get_data(as_text=True)
    assert names(round_)[0] == "User need and problem"
    assert len(names(round_)) == 6
    assert [e for e in audit_events() if e.action.startswith("criterion.")] == []


def test_the_services_refuse_when_locked(app):
    round_ = make_judged_round(status="judging")
    start_scoring(round_)
    actor = make_user(roles=("organiser",))
    criterion = criteria_of(round_)[0]
    details = setup_service.CriterionDetails("New", "", 1, ("a", "b", "c", "d", "e"))
    for attempt in (
        lambda: setup_service.add_criterion(actor, round_, details),
        lambda: setup_service.update_criterion(actor, criterion, details),
        lambda: setup_service.remove_criterion(actor, criterion),
        lambda: setup_service.move_criterion(actor, criterion, "down"),
    ):
        with pytest.raises(setup_service.SetupProblems) as refused:
            attempt()
        assert refused.value.problems == {"criteria": LOCKED}


def test_the_service_checks_every_descriptor(app):
    round_ = make_judged_round(status="open")
    actor = make_user(roles=("organiser",))
    details = setup_service.CriterionDetails(" ", "", 0, ("a", "", "c"))
    with pytest.raises(setup_service.SetupProblems) as refused:
        setup_service.add_criterion(actor, round_, details)
    assert set(refused.value.problems) == {
        "name",
        "weight",
        "descriptor_2",
        "descriptor_4",
        "descriptor_5",
    }


def test_a_closed_round_cannot_change_its_criteria(client, organiser):
    round_ = make_judged_round(status="closed")
    page = client.get(f"/rounds/{round_.id}/judging/criteria").get_data(as_text=True)
    assert "You cannot change the criteria because the round is closed" in page
    assert client.post(f"/rounds/{round_.id}/judging/criteria/new", data=criterion_data())
    assert len(names(round_)) == 6


def test_another_rounds_criterion_is_not_found(client, organiser):
    round_ = make_judged_round(status="open")
    other = criteria_of(make_judged_round(status="open"))[0]
    base = f"/rounds/{round_.id}/judging/criteria/{other.id}"
    assert client.get(f"{base}/edit").status_code == 404
    assert client.get(f"{base}/remove").status_code == 404
    assert client.post(f"{base}/move/up").status_code == 404
    assert db.session.get(Criterion, other.id) is not None


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers(client, roles):
    round_ = make_judged_round(status="open")
    criterion = criteria_of(round_)[0]
    sign_in(client, make_user(roles=roles))
    base = f"/rounds/{round_.id}/judging/criteria"
    assert client.get(base).status_code == 403
    assert client.post(f"{base}/new", data=criterion_data()).status_code == 403
    assert client.post(f"{base}/{criterion.id}/remove").status_code == 403
    assert client.post(f"{base}/{criterion.id}/move/down").status_code == 403
    assert len(names(round_)) == 6


def test_signed_out_people_go_to_sign_in(client):
    round_ = make_judged_round(status="open")
    for url in ("criteria", "criteria/new"):
        response = client.get(f"/rounds/{round_.id}/judging/{url}")
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_the_move_buttons_work_with_csrf_protection_on(app, new_app):
    import re

    round_ = make_judged_round(status="open")
    person = make_user(roles=("organiser",))
    client = new_app(WTF_CSRF_ENABLED=True).test_client()

    def token(html: str) -> str:
        return re.search(r'name="csrf_token"[^>]* value="([^"]+)"', html).group(1)

    sign_in_page = client.get("/sign-in").get_data(as_text=True)
    client.post(
        "/sign-in",
        data={"email": person.email, "password": PASSWORD, "csrf_token": token(sign_in_page)},
    )
    page = client.get(f"/rounds/{round_.id}/judging/criteria").get_data(as_text=True)
    second = criteria_of(round_)[1]
    url = f"/rounds/{round_.id}/judging/criteria/{second.id}/move/up"
    assert client.post(url).status_code == 400  # no token: refused
    assert client.post(url, data={"csrf_token": token(page)}).status_code == 302
    assert names(round_)[0] == "Innovation"


def test_moved_swaps_neighbours_only():
    from spark.panels.rules import moved, whole_number

    assert moved([1, 2, 3], 2, "up") == [2, 1, 3]
    assert moved([1, 2, 3], 2, "down") == [1, 3, 2]
    assert moved([1, 2, 3], 1, "up") == [1, 2, 3]
    assert moved([1, 2, 3], 3, "down") == [1, 2, 3]
    with pytest.raises(ValueError):
        moved([1, 2, 3], 4, "up")
    with pytest.raises(ValueError):
        moved([1, 2, 3], 1, "left")
    assert [whole_number(t) for t in (" 3 ", "0", "3.0", "-1", "³", "")] == [
        3,
        0,
        None,
        None,
        None,
        None,
    ]


def test_one_answer_to_whether_scoring_has_started(app):
    """Scoring has started on a pitch once any dragon has a sheet for it, draft or
    submitted; the criteria, the panel's dragons and routing all ask the same question."""
    from spark.panels import panel_reads, routing_service

    round_ = make_judged_round()
    chair, dragon = make_dragon(), make_dragon()
    panel = make_panel(round_, chair, dragon)
    scored, fresh = make_team_pitch(round_), make_team_pitch(round_)
    route(panel, scored, fresh)
    assert not setup_service.scoring_started(round_)
    make_sheet(scored, dragon)
    make_sheet(scored, chair, verdict="in", status="submitted")

    assert set(db.session.execute(setup_service.started_sheets([scored.id, fresh.id]))) == {
        (scored.id, dragon.id),
        (scored.id, chair.id),
    }
    assert setup_service.scoring_started(round_)
    assert not setup_service.scoring_started(make_judged_round())
    assert panel_reads.scorers(panel) == {chair.id, dragon.id}
    assert routing_service.scored_pitch_ids([scored.id, fresh.id]) == {scored.id}
    assert [c.name for c in setup_service.criteria_of(round_.id)] == [
        c.name for c in criteria_of(round_)
    ]
