"""The budget's pages through the client: who may open what, the lab releasing tranches (a
tranche over what is left refused with a GOV.UK error), the email and audit, a stopped
project, and the budget page's constant query count."""

from __future__ import annotations

import pytest

from spark.decisions import service as decisions
from spark.extensions import db
from spark.lab import budget_service
from spark.lab.models import LabProject
from tests.app.lab.budget_helpers import (
    budget_url,
    errors,
    hidden,
    people,
    release,
    spend,
    spend_form,
    spend_of,
    text,
    title,
    tranche_form,
    tranches_of,
)
from tests.app.test_panel_query_counts import repeated, statements_of
from tests.decision_factories import details
from tests.factories import audit_events, outbox_messages, sign_in
from tests.panel_factories import fresh


@pytest.fixture
def everyone(app):
    return people()


def _stop(everyone) -> None:
    """An amendment that no longer funds the pitch stops its project (the real way)."""
    decided = everyone.funded.decided
    draft = decisions.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(outcome="not_funded", justification="Costs", amendment_reason="Misread"),
        seen_decision_id=everyone.project.decision_id,
    )
    decisions.sign(decided.chair, decided.panel, decided.slot, seen_version=draft.version)
    assert fresh(LabProject, everyone.project.id).status == "stopped"


# Who may open what ---------------------------------------------------------------------------

WHO = ("lab", "lead", "member", "organiser", "colleague", "anonymous")
EXPECTED = {
    # route, method: lab, lead, member, organiser, colleague (anonymous: sign in)
    ("", "GET"): (200, 200, 200, 200, 404),
    ("release", "GET"): (200, 403, 403, 403, 404),
    ("release", "POST"): (302, 403, 403, 403, 404),
    ("spend", "GET"): (200, 200, 200, 403, 404),
    ("spend", "POST"): (302, 302, 302, 403, 404),
}


@pytest.mark.parametrize(("what", "method"), list(EXPECTED))
@pytest.mark.parametrize("who", WHO)
def test_each_route_for_each_kind_of_person(everyone, client, who, what, method):
    person = everyone.who(who)
    if person is not None:
        sign_in(client, person)
    url = budget_url(everyone.project.id, what)
    data = tranche_form() if what == "release" else spend_form()
    response = client.post(url, data=data) if method == "POST" else client.get(url)
    if person is None:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")
    else:
        assert response.status_code == EXPECTED[(what, method)][WHO.index(who)]
    written = len(tranches_of(everyone.project.id)) + len(spend_of(everyone.project.id))
    assert written == (1 if response.status_code == 302 and person is not None else 0)


@pytest.mark.parametrize("what", ["", "release", "spend"])
def test_no_such_project_is_404(everyone, client, what):
    sign_in(client, everyone.lab)
    assert client.get(budget_url(999_999, what)).status_code == 404
    if what:
        assert client.post(budget_url(999_999, what), data={}).status_code == 404


# Releasing a tranche -------------------------------------------------------------------------


def test_the_lab_releases_a_tranche_and_the_team_is_emailed(everyone, client):
    sign_in(client, everyone.lab)
    form = client.get(budget_url(everyone.project.id, "release"))
    assert form.status_code == 200
    html = form.get_data(as_text=True)
    assert 'value="discovery" checked' in html  # the current stage by default
    assert "£15,000 is left to release" in text(form)

    response = client.post(
        budget_url(everyone.project.id, "release"), data=tranche_form(amount="£5,000.50")
    )
    assert response.status_code == 302
    [tranche] = tranches_of(everyone.project.id)
    assert (tranche.amount_pence, tranche.stage, tranche.note) == (
        500_050,
        "discovery",
        "For the discovery research",
    )
    assert tranche.released_by_id == everyone.lab.id
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 500_050

    page = text(client.get(response.headers["Location"]))
    assert "£5,000.50 released. The team has been emailed" in page

    mails = outbox_messages("lab_tranche_released")
    assert sorted(m.to for m in mails) == sorted([everyone.lead.email, everyone.member.email])
    body = mails[0].body
    assert mails[0].subject == f"The lab has released £5,000.50 for {everyone.funded.pitch.title}"
    assert "for its Discovery stage" in body and "For the discovery research" in body
    assert "released £5,000.50 of the £15,000 awarded. £9,999.50 is left" in body
    assert f"/lab/projects/{everyone.project.id}/budget" in body

    [event] = audit_events("lab_budget.tranche_released")
    assert (event.actor_id, event.target_type, event.target_id) == (
        everyone.lab.id,
        "LabProject",
        str(everyone.project.id),
    )
    assert event.before == {"released_pence": 0}
    assert event.after["released_pence"] == 500_050 and event.after["tranche_id"] == tranche.id


def test_a_tranche_over_what_is_left_is_refused_with_a_govuk_error(everyone, client):
    release(everyone, 1_000_000)
    sign_in(client, everyone.lab)
    typed = tranche_form(amount="6,000", stage="alpha", note="Alpha build", seen_released="1000000")
    response = client.post(budget_url(everyone.project.id, "release"), data=typed)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    message = "The tranche must be £5,000 or less: that is what is left to release"
    assert "<title>Error: Release a tranche" in html
    assert f'<a href="#amount">{message}</a>' in html  # the error summary
    assert 'id="amount-error"' in html
    assert 'value="6,000"' in html and 'value="alpha" checked' in html
    assert "Alpha build</textarea>" in html
    assert len(tranches_of(everyone.project.id)) == 1
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 1_000_000
    assert len(outbox_messages("lab_tranche_released")) == 2  # the first tranche's only
    assert len(audit_events("lab_budget.tranche_released")) == 1


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"amount": ""}, "amount", "Enter the amount to release"),
        ({"amount": "0"}, "amount", "Enter an amount more than £0"),
        ({"amount": "-50"}, "amount", "Enter an amount more than £0"),
        ({"amount": "0.00"}, "amount", "Enter an amount more than £0"),
        ({"amount": "five grand"}, "amount", "Enter the amount in pounds and pence, like 1,250.50"),
        ({"amount": "50.123"}, "amount", "no more than 2 numbers after the decimal point"),
        ({"amount": "50.100"}, "amount", "no more than 2 numbers after the decimal point"),
        ({"stage": "gamma"}, "stage", "Select the stage the tranche is for"),
        ({"stage": ""}, "stage", "Select the stage the tranche is for"),
        ({"note": "x" * 1001}, "note", "The note must be 1,000 characters or fewer"),
    ],
)
def test_tranche_form_errors(everyone, client, typed, field, message):
    sign_in(client, everyone.lab)
    response = client.post(budget_url(everyone.project.id, "release"), data=tranche_form(**typed))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    anchor = "stage" if field == "stage" else field
    assert f'href="#{anchor}"' in html and message in html
    assert tranches_of(everyone.project.id) == []


def test_every_problem_shows_at_once(everyone, client):
    sign_in(client, everyone.lab)
    response = client.post(
        budget_url(everyone.project.id, "release"),
        data=tranche_form(amount="lots", stage="gamma", note="x" * 1001),
    )
    assert response.status_code == 400
    words = text(response)
    assert "Enter the amount in pounds and pence" in words
    assert "Select the stage the tranche is for" in words
    assert "The note must be 1,000 characters or fewer" in words


def test_once_everything_is_released_nothing_more_can_be(everyone, client):
    release(everyone, 1_500_000)
    sign_in(client, everyone.lab)
    form = client.get(budget_url(everyone.project.id, "release"))
    assert form.status_code == 200
    assert "The lab has released all of the £15,000 awarded" in text(form)
    assert "<form" not in form.get_data(as_text=True).split("<main")[1]
    refused = client.post(
        budget_url(everyone.project.id, "release"), data=tranche_form(seen_released="1500000")
    )
    assert refused.status_code == 400
    assert "There is nothing left to release" in text(refused)
    assert len(tranches_of(everyone.project.id)) == 1


def test_a_tranche_may_be_for_another_stage(everyone, client):
    sign_in(client, everyone.lab)
    client.post(budget_url(everyone.project.id, "release"), data=tranche_form(stage="alpha"))
    assert [t.stage for t in tranches_of(everyone.project.id)] == ["alpha"]


@pytest.mark.parametrize(("typed", "pence"), [("£0.50", 50), ("0.5", 50), ("1,234.56", 123_456)])
def test_a_tranche_is_in_pounds_and_pence(everyone, client, typed, pence):
    sign_in(client, everyone.lab)
    url = budget_url(everyone.project.id, "release")
    assert client.post(url, data=tranche_form(amount=typed)).status_code == 302
    assert [t.amount_pence for t in tranches_of(everyone.project.id)] == [pence]


# A page out of date: a double click, a second tab --------------------------------------------


def test_a_double_click_releases_the_tranche_once(everyone, client):
    """Without JavaScript a second click posts the form again. The form names the released
    total its page showed; the second post no longer matches it and is refused, with the
    budget as it is now and what was typed kept."""
    release(everyone, 200_000)
    sign_in(client, everyone.lab)
    url = budget_url(everyone.project.id, "release")
    assert hidden(client.get(url), "seen_released") == "200000"
    typed = tranche_form(amount="5,000", stage="alpha", note="Alpha build", seen_released="200000")
    assert client.post(url, data=typed).status_code == 302
    again = client.post(url, data=typed)
    assert again.status_code == 409
    assert errors(again) == [budget_service.STALE_TRANCHE]
    assert title(again).startswith("Error: Release a tranche")
    html = again.get_data(as_text=True)
    assert 'value="5,000"' in html and 'value="alpha" checked' in html
    assert "Alpha build</textarea>" in html
    words = text(again)
    assert "The lab has released £7,000 so far, so £8,000 is left to release" in words
    assert "Latest tranches released" in words and "£5,000" in words
    assert hidden(again, "seen_released") == "700000"
    assert [t.amount_pence for t in tranches_of(everyone.project.id)] == [200_000, 500_000]
    assert len(audit_events("lab_budget.tranche_released")) == 2
    assert len(outbox_messages("lab_tranche_released")) == 4  # two people, two tranches
    # Sent again on purpose from the page as it is now: released.
    assert client.post(url, data={**typed, "seen_released": "700000"}).status_code == 302
    assert fresh(LabProject, everyone.project.id).budget_released_pence == 1_200_000


@pytest.mark.parametrize("seen", [None, "", "lots", "-1", "1e5", "²", "9" * 40])
def test_a_tranche_form_naming_no_total_is_refused_as_out_of_date(everyone, client, seen):
    sign_in(client, everyone.lab)
    typed = tranche_form(seen_released=seen)
    if seen is None:
        del typed["seen_released"]
    response = client.post(budget_url(everyone.project.id, "release"), data=typed)
    assert response.status_code == 409
    assert errors(response) == [budget_service.STALE_TRANCHE]
    assert tranches_of(everyone.project.id) == []


def test_the_form_buttons_guard_against_double_clicks(everyone, client):
    sign_in(client, everyone.lab)
    for what in ("release", "spend"):
        html = client.get(budget_url(everyone.project.id, what)).get_data(as_text=True)
        assert 'data-prevent-double-click="true"' in html, what


# A stopped project ---------------------------------------------------------------------------


def test_a_stopped_project_takes_no_tranche_and_no_spend(everyone, client):
    _stop(everyone)
    for person, what, data in (
        (everyone.lab, "release", tranche_form()),
        (everyone.lead, "spend", spend_form()),
        (everyone.lab, "spend", spend_form()),
    ):
        sign_in(client, person)
        url = budget_url(everyone.project.id, what)
        shown = client.get(url)
        assert shown.status_code == 409
        assert title(shown).startswith("Error: ")
        assert "This project has stopped" in errors(shown)[0]
        assert "<form" not in shown.get_data(as_text=True).split("<main")[1]  # nothing to send
        response = client.post(url, data=data)
        assert response.status_code == 409
        assert errors(response) == [
            budget_service.STOPPED_TRANCHE if what == "release" else budget_service.STOPPED_SPEND
        ]
        assert title(response).startswith("Error: ")
        typed = data["amount"]
        assert f'value="{typed}"' in response.get_data(as_text=True)  # kept, to copy
    assert tranches_of(everyone.project.id) == [] and spend_of(everyone.project.id) == []
    page = client.get(budget_url(everyone.project.id))
    assert "This project has stopped" in text(page)
    assert "Release a tranche" not in text(page) and "Record spend" not in text(page)


def test_a_paused_project_still_takes_tranches_and_spend(everyone, client):
    project = fresh(LabProject, everyone.project.id)
    project.status = "paused"
    db.session.commit()
    sign_in(client, everyone.lab)
    assert client.post(budget_url(project.id, "release"), data=tranche_form()).status_code == 302
    assert client.post(budget_url(project.id, "spend"), data=spend_form()).status_code == 302


# The budget page -----------------------------------------------------------------------------


def test_the_budget_page_shows_the_figures_and_every_entry(everyone, client):
    release(everyone, 500_000, note="Discovery")
    release(everyone, 300_000, stage="alpha")
    spend(everyone, 620_000, "Research agency", days=3)
    spend(everyone, 250_000, "Accessibility audit", days=1)
    sign_in(client, everyone.organiser)
    page = client.get(budget_url(everyone.project.id))
    words = text(page)
    assert "Awarded £15,000" in words
    assert "Released by the lab £8,000" in words
    assert "Remaining to release £7,000" in words
    assert "Spent by the team £8,700 £700 more than released" in words
    assert "Unspent £0" in words
    assert "2 tranches released" in words and "2 spend entries" in words
    assert words.index("Accessibility audit") < words.index("Research agency")  # latest first
    assert f"{everyone.lab.name}" in words and everyone.lead.name in words
    assert "Release a tranche" not in words and "Record spend" not in words  # organisers read


@pytest.mark.parametrize(
    ("who", "links"),
    [
        ("lab", ["Release a tranche", "Record spend"]),
        ("lead", ["Record spend"]),
        ("organiser", []),
    ],
)
def test_the_links_each_person_gets(everyone, client, who, links):
    sign_in(client, everyone.who(who))
    words = text(client.get(budget_url(everyone.project.id)))
    assert [link for link in ("Release a tranche", "Record spend") if link in words] == links


def test_the_budget_page_costs_the_same_queries_for_2_or_10_entries(app, client):
    counts = []
    for entries in (2, 10):
        everyone = people()
        for n in range(entries):
            release(everyone, 10_000 + n)
            spend(everyone, 5_000 + n, f"Item {n}")
        sign_in(client, everyone.lab)
        counts.append(statements_of(client, budget_url(everyone.project.id)))
    small, big = counts
    assert len(small) == len(big), repeated(small, big)
