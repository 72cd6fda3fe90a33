"""Organisers set a round's judging settings: funding pot, decision rule, quorum, feedback."""

from __future__ import annotations

import re

import pytest

from spark.extensions import db
from spark.panels import setup_service
from spark.panels.models import JudgingSettings
from tests.factories import audit_events, make_round, make_user, sign_in
from tests.htmlcheck import page_title
from tests.panel_factories import make_judged_round


def settings_data(**overrides) -> dict:
    data = {
        "pot": "£250,000",
        "decision_rule": "unanimous",
        "quorum": "4",
        "feedback_shows_names": "yes",
    }
    data.update(overrides)
    return data


def settings_of(round_) -> JudgingSettings:
    db.session.expire_all()
    return db.session.get(JudgingSettings, round_.id)


def test_the_form_shows_the_defaults_with_a_hint_for_each_rule(client, organiser):
    round_ = make_judged_round(name="Spark! spring 2027", status="open")
    response = client.get(f"/rounds/{round_.id}/judging/settings")
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page_title(body) == "Judging settings for Spark! spring 2027 – Project Spark!"
    assert "Majority of votes cast" in body and "A tie is not funded" in body
    assert "Unanimous" in body and "every dragon who votes votes In" in body
    assert "the chair’s vote decides" in body
    assert 'value="majority" checked' in body
    assert re.search(r'name="quorum"[^>]* value="3"', body)
    assert 'value="no" checked' in body


def test_save_settings_stores_pence_and_audits(client, organiser):
    round_ = make_judged_round(status="open")
    response = client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/rounds/{round_.id}"
    settings = settings_of(round_)
    assert settings.pot_pence == 25_000_000
    assert settings.decision_rule == "unanimous"
    assert settings.quorum == 4
    assert settings.feedback_shows_names is True
    [event] = audit_events("round.judging_changed")
    assert event.actor_id == organiser.id
    assert (event.target_type, event.target_id) == ("Round", str(round_.id))
    assert event.before == {
        "pot_pence": 0,
        "decision_rule": "majority",
        "quorum": 3,
        "feedback_shows_names": False,
    }
    assert event.after["pot_pence"] == 25_000_000

    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "The judging settings for" in page and "have been saved" in page
    assert "£250,000" in page and "Unanimous" in page and "4 dragons" in page
    assert "Shows the dragons’ names" in page

    form = client.get(f"/rounds/{round_.id}/judging/settings").get_data(as_text=True)
    assert 'value="250,000"' in form and 'value="4"' in form


def test_saving_the_same_settings_records_nothing(client, organiser):
    round_ = make_judged_round(status="open")
    client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data(pot="250000"))
    assert len(audit_events("round.judging_changed")) == 1
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "You did not change anything" in page


def test_only_what_changed_is_audited(client, organiser):
    round_ = make_judged_round(status="judging")
    client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data(quorum="2"))
    event = audit_events("round.judging_changed")[-1]
    assert (event.before, event.after) == ({"quorum": 4}, {"quorum": 2})


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"pot": ""}, "pot", "Enter the funding pot in pounds"),
        ({"pot": "lots"}, "pot", "Enter the funding pot in pounds, like 12,500"),
        ({"pot": "-5"}, "pot", "The funding pot must be £1 or more"),
        ({"pot": "12.345"}, "pot", "Enter the funding pot with no more than 2 numbers"),
        ({"pot": "99,000,000"}, "pot", "The funding pot must be £10,000,000 or less"),
        ({"decision_rule": ""}, "decision_rule", "Select how the panel decides"),
        ({"decision_rule": "coin toss"}, "decision_rule", "Select how the panel decides"),
        ({"quorum": ""}, "quorum", "Enter the quorum"),
        ({"quorum": "three"}, "quorum", "Quorum must be a whole number, like 3"),
        ({"quorum": "2.5"}, "quorum", "Quorum must be a whole number, like 3"),
        ({"quorum": "0"}, "quorum", "Quorum must be between 1 and 50"),
        ({"quorum": "9" * 30}, "quorum", "Quorum must be between 1 and 50"),
        ({"feedback_shows_names": ""}, "feedback_shows_names", "Select whether feedback"),
    ],
)
def test_errors_keep_what_was_typed(client, organiser, overrides, field, message):
    round_ = make_judged_round(name="Spark! spring 2027", status="open")
    data = settings_data(**overrides)
    response = client.post(f"/rounds/{round_.id}/judging/settings", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 400
    assert page_title(body) == "Error: Judging settings for Spark! spring 2027 – Project Spark!"
    assert message in body
    assert f'href="#{field}"' in body
    assert f'id="{field}"' in body
    if field != "pot":
        assert 'value="£250,000"' in body
    if field != "quorum":
        assert 'value="4"' in body
    assert settings_of(round_).pot_pence == 0
    assert audit_events("round.judging_changed") == []


def test_a_round_without_settings_gets_the_defaults(client, organiser):
    round_ = make_round(status="open")  # made before judging existed: no settings row
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert "Majority of votes cast" in page and "3 dragons" in page and "Anonymous" in page
    assert settings_of(round_) is None  # the round page writes nothing
    assert client.get(f"/rounds/{round_.id}/judging/settings").status_code == 200
    assert settings_of(round_).quorum == 3
    response = client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    assert response.status_code == 302
    assert settings_of(round_).quorum == 4


def test_a_closed_round_shows_its_settings_and_refuses_changes(client, organiser):
    round_ = make_judged_round(status="closed")
    page = client.get(f"/rounds/{round_.id}/judging/settings").get_data(as_text=True)
    assert "You cannot change the judging settings because the round is closed" in page
    assert "<form" not in page.split("<main", 1)[1]
    response = client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    assert response.status_code == 302
    assert settings_of(round_).quorum == 3
    assert audit_events("round.judging_changed") == []
    follow = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "because the round is closed" in follow


def test_the_service_checks_the_rules_too(app):
    round_ = make_judged_round(status="open")
    actor = make_user(roles=("organiser",))
    details = setup_service.JudgingDetails(pot_pence=-1, decision_rule="dice", quorum=0)
    with pytest.raises(setup_service.SetupProblems) as refused:
        setup_service.update_settings(actor, round_, details)
    assert set(refused.value.problems) == {"pot", "decision_rule", "quorum"}
    good = setup_service.JudgingDetails(pot_pence=100_00, decision_rule="majority", quorum=5)
    assert setup_service.update_settings(actor, round_, good) is True


def test_the_round_page_links_to_judging(client, organiser):
    round_ = make_judged_round(status="open")
    page = client.get(f"/rounds/{round_.id}").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m">Judging</h2>' in page
    assert f'href="/rounds/{round_.id}/judging/settings"' in page
    assert f'href="/rounds/{round_.id}/judging/criteria"' in page
    assert f'href="/rounds/{round_.id}/panels/"' in page
    assert "Not set" in page  # no funding pot yet


def test_the_round_page_summary_takes_two_queries(client, organiser, app):
    from sqlalchemy import event

    round_id = make_judged_round(status="open").id
    statements: list[str] = []

    def count(*args, **kwargs):
        statements.append(args[2])

    from spark.panels.setup_views import _judging_summary

    with app.test_request_context():
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            db.session.expire_all()
            summary = _judging_summary(round_id)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
    assert summary["summary"].criteria == 6
    assert len(statements) == 2


@pytest.mark.parametrize("roles", [(), ("lab",)])
def test_only_organisers(client, roles):
    round_ = make_judged_round(status="open")
    sign_in(client, make_user(roles=roles))
    assert client.get(f"/rounds/{round_.id}/judging/settings").status_code == 403
    response = client.post(f"/rounds/{round_.id}/judging/settings", data=settings_data())
    assert response.status_code == 403
    assert settings_of(round_).quorum == 3


def test_signed_out_people_go_to_sign_in(client):
    round_ = make_judged_round(status="open")
    response = client.get(f"/rounds/{round_.id}/judging/settings")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=")


def test_an_unknown_round_is_not_found(client, organiser):
    assert client.get("/rounds/999999/judging/settings").status_code == 404


def test_the_quorum_of_a_round_is_its_setting_or_the_default(app):
    from spark.panels import rules

    judged = make_judged_round()
    settings_of(judged).quorum = 4
    db.session.commit()
    bare = make_round()  # made before judging existed: no settings row
    assert setup_service.quorum_of(judged.id) == 4
    assert setup_service.quorum_of(bare.id) == rules.DEFAULT_QUORUM
    assert setup_service.summary(bare.id).quorum == rules.DEFAULT_QUORUM
    assert settings_of(bare) is None  # reading the quorum writes nothing
