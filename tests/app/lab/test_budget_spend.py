"""Recording spend through the client (over what is released is recorded and flagged), and
the budget's part of the project page."""

from __future__ import annotations

import pytest
from markupsafe import Markup
from sqlalchemy import event

from spark.extensions import db
from spark.lab import budget_service
from spark.lab.budget_views import budget_part
from spark.lab.models import LabProject
from tests.app.lab.budget_helpers import (
    budget_url,
    days_ago,
    errors,
    hidden,
    people,
    release,
    spend,
    spend_form,
    spend_of,
    text,
    title,
)
from tests.app.lab.test_budget import _stop
from tests.factories import audit_events, outbox_messages, sign_in
from tests.panel_factories import fresh


@pytest.fixture
def everyone(app):
    return people()


# Recording spend ------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["lead", "member", "lab"])
def test_the_team_and_the_lab_record_spend(everyone, client, who):
    release(everyone, 500_000)
    person = everyone.who(who)
    sign_in(client, person)
    form = client.get(budget_url(everyone.project.id, "spend"))
    assert form.status_code == 200
    assert "The lab has released £5,000 to the project and £0 has been spent" in text(form)
    response = client.post(
        budget_url(everyone.project.id, "spend"),
        data=spend_form(on=days_ago(3), description="  Research   incentives  "),
    )
    assert response.status_code == 302
    [entry] = spend_of(everyone.project.id)
    assert (entry.amount_pence, entry.spent_on, entry.description) == (
        125_000,
        days_ago(3),
        "Research incentives",
    )
    assert entry.recorded_by_id == person.id
    page = text(client.get(response.headers["Location"]))
    assert "Spend of £1,250 recorded" in page and "more than released" not in page
    [event_] = audit_events("lab_budget.spend_recorded")
    assert (event_.actor_id, event_.target_id) == (person.id, str(everyone.project.id))
    assert event_.after["spend_id"] == entry.id and event_.after["amount_pence"] == 125_000
    assert event_.after["spent_on"] == days_ago(3).isoformat()
    assert {m.kind for m in outbox_messages()} == {"decision_signed", "lab_tranche_released"}


def test_spend_over_what_is_released_is_recorded_and_flagged(everyone, client):
    release(everyone, 500_000)
    sign_in(client, everyone.lead)
    response = client.post(
        budget_url(everyone.project.id, "spend"), data=spend_form(amount="6,200")
    )
    assert response.status_code == 302
    page = text(client.get(response.headers["Location"]))
    assert "Spend of £6,200 recorded. Spend is now £1,200 more than released" in page
    assert "Spent by the team £6,200 £1,200 more than released" in page
    assert audit_events("lab_budget.spend_recorded")[0].after["over_released_pence"] == 120_000
    form = text(client.get(budget_url(everyone.project.id, "spend")))
    assert "£6,200 has been spent (£1,200 more than released)" in form


@pytest.mark.parametrize(("typed", "pence"), [("£0.50", 50), ("0.5", 50), ("1,234.56", 123_456)])
def test_spend_is_in_pounds_and_pence(everyone, client, typed, pence):
    sign_in(client, everyone.lead)
    response = client.post(budget_url(everyone.project.id, "spend"), data=spend_form(amount=typed))
    assert response.status_code == 302
    assert [entry.amount_pence for entry in spend_of(everyone.project.id)] == [pence]


def test_a_double_submit_records_the_spend_once(everyone, client):
    """The form names how many spend entries its page showed: a second post of the same page
    (a double click without JavaScript, the back button) is refused, with what was typed kept
    and the latest spend to check against."""
    spend(everyone, 10_000, "Earlier spend", days=5)
    sign_in(client, everyone.member)
    url = budget_url(everyone.project.id, "spend")
    assert hidden(client.get(url), "seen_spend") == "1"
    typed = spend_form(on=days_ago(2), amount="0.50", description="Stamps", seen_spend="1")
    assert client.post(url, data=typed).status_code == 302
    again = client.post(url, data=typed)
    assert again.status_code == 409
    assert errors(again) == [budget_service.STALE_SPEND]
    assert "may already have been recorded" in budget_service.STALE_SPEND
    assert title(again).startswith("Error: Record spend")
    html = again.get_data(as_text=True)
    assert 'value="0.50"' in html and "Stamps</textarea>" in html
    assert f'value="{days_ago(2).year}"' in html
    words = text(again)
    assert "Latest spend" in words and "Stamps £0.50 Mo Member" in words
    assert hidden(again, "seen_spend") == "2"
    assert [e.description for e in spend_of(everyone.project.id)] == ["Earlier spend", "Stamps"]
    assert len(audit_events("lab_budget.spend_recorded")) == 2
    # Really a second payment: sent again from the page as it is now, it is recorded.
    assert client.post(url, data={**typed, "seen_spend": "2"}).status_code == 302
    assert len(spend_of(everyone.project.id)) == 3


def test_a_form_shown_again_with_errors_still_names_what_its_first_page_showed(everyone, client):
    """Errors on the fields do not make the page up to date: spend recorded meanwhile is
    still caught when the corrected form is sent."""
    sign_in(client, everyone.lead)
    url = budget_url(everyone.project.id, "spend")
    spend(everyone, 10_000, "Recorded meanwhile")
    with_errors = client.post(url, data=spend_form(description="", seen_spend="0"))
    assert with_errors.status_code == 400
    assert hidden(with_errors, "seen_spend") == "0"
    corrected = client.post(url, data=spend_form(seen_spend=hidden(with_errors, "seen_spend")))
    assert corrected.status_code == 409
    assert hidden(corrected, "seen_spend") == "1"
    assert len(spend_of(everyone.project.id)) == 1


@pytest.mark.parametrize("seen", [None, "", "none", "-1", "9" * 40, "٣"])
def test_a_spend_form_naming_no_count_is_refused_as_out_of_date(everyone, client, seen):
    sign_in(client, everyone.lead)
    typed = spend_form(seen_spend=seen)
    if seen is None:
        del typed["seen_spend"]
    response = client.post(budget_url(everyone.project.id, "spend"), data=typed)
    assert response.status_code == 409
    assert errors(response) == [budget_service.STALE_SPEND]
    assert spend_of(everyone.project.id) == []


def test_spend_today_is_fine(everyone, client):
    sign_in(client, everyone.lead)
    response = client.post(budget_url(everyone.project.id, "spend"), data=spend_form(days_ago(0)))
    assert response.status_code == 302


@pytest.mark.parametrize(
    ("typed", "anchor", "message"),
    [
        ({"amount": "0"}, "amount", "Enter an amount more than £0"),
        ({"amount": "£-12"}, "amount", "Enter an amount more than £0"),
        ({"amount": "twelve"}, "amount", "Enter the amount in pounds and pence, like 1,250.50"),
        ({"amount": "0.505"}, "amount", "no more than 2 numbers after the decimal point"),
        ({"amount": "20,000,000"}, "amount", "The amount must be £10,000,000 or less"),
        ({"spent_on": ["31", "2", "2026"]}, "spent_on-day", "must be a real date"),
        ({"spent_on": ["1", "", "2026"]}, "spent_on-day", "must include a month"),
        ({"spent_on": ["1", "1", "26"]}, "spent_on-day", "Year must include 4 numbers"),
        ({"description": "x" * 201}, "description", "must be 200 characters or fewer"),
    ],
)
def test_spend_form_errors(everyone, client, typed, anchor, message):
    sign_in(client, everyone.lead)
    response = client.post(budget_url(everyone.project.id, "spend"), data=spend_form(**typed))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: Record spend" in html
    assert f'href="#{anchor}"' in html and message in html
    assert spend_of(everyone.project.id) == []


def test_spend_in_the_future_is_refused(everyone, client):
    sign_in(client, everyone.lead)
    tomorrow = days_ago(-1)
    response = client.post(budget_url(everyone.project.id, "spend"), data=spend_form(tomorrow))
    assert response.status_code == 400
    assert "The date the money was spent must be today or in the past" in text(response)
    html = response.get_data(as_text=True)
    assert f'value="{tomorrow.day}"' in html and f'value="{tomorrow.year}"' in html


def test_every_spend_problem_shows_at_once_with_what_was_typed(everyone, client):
    sign_in(client, everyone.lead)
    response = client.post(
        budget_url(everyone.project.id, "spend"),
        data=spend_form(amount="12k", spent_on=["", "", ""], description=""),
    )
    assert response.status_code == 400
    words = text(response)
    assert "Enter the amount in pounds and pence" in words
    assert "Enter the date the money was spent" in words
    assert "Enter what the money was spent on" in words
    assert 'value="12k"' in response.get_data(as_text=True)
    empty = client.post(
        budget_url(everyone.project.id, "spend"), data=spend_form(amount="", description="Kit")
    )
    assert empty.status_code == 400 and "Enter the amount spent" in text(empty)
    assert "Kit</textarea>" in empty.get_data(as_text=True)


# The part of the project page ------------------------------------------------------------------


def _part(app, project_id: int, user) -> str:
    with app.test_request_context():
        html = budget_part(fresh(LabProject, project_id), user)
    assert isinstance(html, Markup)
    return " ".join(str(html).split())


def test_the_part_shows_the_figures_the_latest_entries_and_the_links(app, everyone):
    release(everyone, 200_000, note="First")
    html = _part(app, everyone.project.id, everyone.lab)
    assert '<h2 class="govuk-heading-m" id="budget-heading">Budget</h2>' in html
    assert "Tranches released" in html and "First" in html
    assert "No spend has been recorded yet." in html
    assert "Release a tranche" in html and "Record spend" in html
    assert "See the whole budget" not in html
    team = _part(app, everyone.project.id, everyone.member)
    assert "Release a tranche" not in team and "Record spend" in team
    organiser = _part(app, everyone.project.id, everyone.organiser)
    assert "Release a tranche" not in organiser and "Record spend" not in organiser


def test_the_part_shows_the_latest_five_and_links_to_the_whole_budget(app, everyone):
    for n in range(7):
        release(everyone, 10_000, note=f"Tranche {n}")
        spend(everyone, 1_000, f"Item {n}", days=10 - n)
    html = _part(app, everyone.project.id, everyone.lead)
    assert "Latest tranches released" in html and "Latest spend" in html
    assert "Item 6" in html and "Item 2" in html and "Item 1" not in html
    assert "See the whole budget: 7 tranches and 7 spend entries" in html
    assert f'href="/lab/projects/{everyone.project.id}/budget"' in html


def test_the_part_of_a_stopped_project_says_so_and_offers_no_forms(app, everyone):
    _stop(everyone)
    html = _part(app, everyone.project.id, everyone.lab)
    assert "This project has stopped" in html
    assert "Release a tranche" not in html and "Record spend" not in html


def test_the_part_costs_the_same_queries_for_2_or_10_entries(app):
    counts = []
    for entries in (2, 10):
        everyone = people()
        for n in range(entries):
            release(everyone, 10_000 + n)
            spend(everyone, 5_000 + n, f"Item {n}")
        project, user = fresh(LabProject, everyone.project.id), everyone.member
        found: list[str] = []

        def count(*_args, found=found) -> None:
            found.append("statement")

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            _part(app, project.id, user)
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        counts.append(len(found))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("who", ["lab", "lead", "organiser"])
def test_the_project_page_shows_the_budget(everyone, client, who):
    release(everyone, 400_000, note="Discovery research")
    spend(everyone, 150_000, "Participant incentives")
    sign_in(client, everyone.who(who))
    page = client.get(f"/lab/projects/{everyone.project.id}")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('id="budget"') == 1
    section = text(page).split("Budget", 1)[1]
    assert "Awarded £15,000 Released by the lab £4,000 Remaining to release £11,000" in section
    assert "Spent by the team £1,500 Unspent £2,500" in section
    assert "Discovery research" in section and "Participant incentives" in section
    assert ("Record spend" in section) == (who != "organiser")
