"""The milestone pages: the part on the project page, and the forms to add, change, mark
done and undo, for each kind of person; GOV.UK errors with what was typed kept; a stopped
project refused (409)."""

from __future__ import annotations

from datetime import date, timedelta
from html import unescape

import lxml.html
import pytest

from spark.extensions import db
from spark.lab import milestone_service as service
from spark.lab.board import london_today
from spark.lab.models import Milestone
from tests.factories import audit_events, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.panel_factories import fresh


def _in(days: int) -> date:
    return london_today() + timedelta(days=days)


def _date(prefix: str, day: date | None = None, typed: tuple[str, str, str] | None = None):
    parts = typed or (str(day.day), str(day.month), str(day.year))
    return {f"{prefix}": list(parts)}


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _doc(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def _seen(response) -> str:
    """The fingerprint the change page names: the milestone as the page showed it."""
    [value] = _doc(response).xpath('//input[@type="hidden"][@name="seen"]/@value')
    return value


def _errors(response) -> list[str]:
    return [
        " ".join(item.text_content().split())
        for item in _doc(response).xpath('//ul[contains(@class, "govuk-error-summary__list")]/li')
    ]


@pytest.fixture
def funded(app):
    return funded_project()


@pytest.fixture
def milestone(funded):
    return service.add(funded.lead, funded.project, "Private beta with 50 users", _in(-3))


def _urls(funded, milestone) -> dict[str, str]:
    base = f"/lab/projects/{funded.project.id}/milestones"
    return {
        "add": f"{base}/new",
        "change": f"{base}/{milestone.id}/change",
        "done": f"{base}/{milestone.id}/done",
        "not-done": f"{base}/{milestone.id}/not-done",
    }


# Who may do what ------------------------------------------------------------------------


def test_signed_out_visitors_are_sent_to_sign_in(client, funded, milestone):
    for url in _urls(funded, milestone).values():
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/sign-in?next=")


@pytest.mark.parametrize(("who", "status"), [("organiser", 403), ("colleague", 404)])
def test_organisers_get_403_and_anyone_else_404(client, funded, milestone, who, status):
    person = make_organiser() if who == "organiser" else make_colleague()
    sign_in(client, person)
    for name, url in _urls(funded, milestone).items():
        assert client.get(url).status_code == status, name
        form = {"title": "Hijack", **_date("due_on", _in(5)), **_date("done_on", _in(0))}
        assert client.post(url, data=form).status_code == status, name
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.done_on) == ("Private beta with 50 users", None)
    assert db.session.query(Milestone).count() == 1


@pytest.mark.parametrize("who", ["lab", "team"])
def test_the_lab_and_the_team_get_every_form(client, funded, milestone, who):
    sign_in(client, make_lab_user() if who == "lab" else funded.lead)
    urls = _urls(funded, milestone)
    for name in ("add", "change", "done"):
        assert client.get(urls[name]).status_code == 200, name
    # Not done yet: there is nothing to undo.
    assert client.get(urls["not-done"]).status_code == 409


def test_a_milestone_of_another_project_or_none_at_all_is_404(client, funded, milestone):
    other = funded_project()
    sign_in(client, other.lead)
    base = f"/lab/projects/{other.project.id}/milestones"
    for action in ("change", "done", "not-done"):
        assert client.get(f"{base}/{milestone.id}/{action}").status_code == 404
        assert client.post(f"{base}/{milestone.id}/{action}").status_code == 404
        assert client.get(f"{base}/999999/{action}").status_code == 404
    assert client.get("/lab/projects/999999/milestones/new").status_code == 404


# The part on the project page -------------------------------------------------------------


def test_the_part_shows_statuses_in_words_and_links_for_the_team(client, funded, milestone):
    soon = service.add(funded.lead, funded.project, "Alpha assessment", _in(14))
    later = service.add(funded.lead, funded.project, "Beta assessment", _in(15))
    done = service.add(funded.lead, funded.project, "Discovery report", _in(-40))
    service.complete(funded.lead, funded.project, done, _in(-41))
    sign_in(client, funded.lead)
    page = _text(client.get(f"/lab/projects/{funded.project.id}"))
    part = page[page.index('id="milestones"') :]
    order = [part.index(m.title) for m in (milestone, soon, later, done)]
    assert order == sorted(order)
    for words in ("Overdue", "Due soon", "Upcoming", "Done", "3 days overdue", "Due in 14 days"):
        assert words in part
    assert "1 overdue, 1 due in the next 14 days, 1 due later, 1 done" in part
    urls = _urls(funded, milestone)
    assert urls["add"] in part and urls["change"] in part and urls["done"] in part
    assert f"/milestones/{done.id}/not-done" in part


def test_organisers_see_the_milestones_without_links(client, funded, milestone):
    sign_in(client, make_organiser())
    page = _text(client.get(f"/lab/projects/{funded.project.id}"))
    assert "Private beta with 50 users" in page and "Overdue" in page
    assert "/milestones/new" not in page and "/change" not in page


def test_no_milestones_yet(client, funded):
    sign_in(client, funded.lead)
    page = _text(client.get(f"/lab/projects/{funded.project.id}"))
    assert "No milestones yet." in page and "Add a milestone" in page


# Adding ----------------------------------------------------------------------------------


def test_the_team_adds_a_milestone(client, funded):
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/milestones/new"
    response = client.post(url, data={"title": " Alpha ends ", **_date("due_on", _in(30))})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/lab/projects/{funded.project.id}"
    [stored] = db.session.query(Milestone).all()
    assert (stored.title, stored.due_on, stored.created_by_id) == (
        "Alpha ends",
        _in(30),
        funded.lead.id,
    )
    assert len(audit_events("lab_milestone.added")) == 1
    page = _text(client.get(response.headers["Location"]))
    assert "Milestone added" in page and "Alpha ends" in page


@pytest.mark.parametrize(
    ("title", "typed", "errors"),
    [
        ("", ("", "", ""), ["Enter a title", "Enter the date the milestone is due"]),
        ("Alpha", ("31", "2", "2027"), ["The due date must be a real date"]),
        ("Alpha", ("", "4", "2027"), ["The due date must include a day"]),
        ("Alpha", ("1", "4", "27"), ["Year must include 4 numbers"]),
        ("x" * 201, ("1", "4", "2027"), ["The title must be 200 characters or fewer"]),
        ("Alpha", ("1", "1", "2099"), ["The due date must be the same as or before"]),
    ],
)
def test_errors_are_shown_with_what_was_typed(client, funded, title, typed, errors):
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/milestones/new"
    response = client.post(url, data={"title": title, **_date("due_on", typed=typed)})
    assert response.status_code == 400
    page = _text(response)
    assert "<title>Error: Add a milestone" in page
    summary = page[page.index("govuk-error-summary") : page.index("</form>")]
    for error in errors:
        assert error in summary
    if title == "":
        assert 'href="#title"' in summary
    assert 'href="#due_on-day"' in summary or not any("due" in e for e in errors)
    assert f'value="{title}"' in page if title else True
    for part in typed:
        if part:
            assert f'value="{part}"' in page
    assert db.session.query(Milestone).count() == 0


# Changing --------------------------------------------------------------------------------


def test_the_change_form_shows_the_milestone_and_saves_changes(client, funded, milestone):
    sign_in(client, make_lab_user())
    url = _urls(funded, milestone)["change"]
    shown = client.get(url)
    page = _text(shown)
    assert 'value="Private beta with 50 users"' in page
    assert f'value="{_in(-3).day:02d}"' in page and f'value="{_in(-3).year}"' in page
    typed = {"title": "Private beta", **_date("due_on", _in(7)), "seen": _seen(shown)}
    response = client.post(url, data=typed)
    assert response.status_code == 302
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.due_on) == ("Private beta", _in(7))
    assert "Milestone changed" in _text(client.get(response.headers["Location"]))
    [event] = audit_events("lab_milestone.changed")
    assert event.before["title"] == "Private beta with 50 users"


def test_a_change_with_errors_keeps_what_was_typed(client, funded, milestone):
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["change"]
    typed = {"title": "Renamed", **_date("due_on", typed=("30", "2", ""))}
    response = client.post(url, data={**typed, "seen": _seen(client.get(url))})
    assert response.status_code == 400
    page = _text(response)
    assert 'value="Renamed"' in page and 'value="30"' in page
    assert "The due date must include a year" in page
    assert fresh(Milestone, milestone.id).title == "Private beta with 50 users"


def test_saving_without_a_change_says_so(client, funded, milestone):
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["change"]
    typed = {"title": milestone.title, **_date("due_on", _in(-3)), "seen": _seen(client.get(url))}
    response = client.post(url, data=typed)
    assert response.status_code == 302
    assert "Nothing was changed" in _text(client.get(response.headers["Location"]))
    assert audit_events("lab_milestone.changed") == []


def test_two_edits_of_the_same_milestone_do_not_overwrite_each_other(client, funded, milestone):
    """The lead and the lab open the change page together; the lab saves first. The lead's
    save names the milestone as their page showed it, which is no longer so: 409, the
    milestone as it is now, what the lead typed kept to send again."""
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["change"]
    seen = _seen(client.get(url))
    lab = make_lab_user()
    current = service.milestone_of(funded.project, milestone.id)
    service.change(lab, funded.project, current, "Public beta", _in(20), seen=seen)
    typed = {"title": "Private beta ends", **_date("due_on", _in(9)), "seen": seen}
    response = client.post(url, data=typed)
    assert response.status_code == 409
    assert _errors(response) == [service.STALE]
    page = _text(response)
    assert "<title>Error: Change a milestone" in page
    assert "The milestone as it is now" in page
    now = page[page.index("The milestone as it is now") : page.index("<form")]
    assert "Public beta" in now and _in(20).strftime("%-d %B %Y") in now
    assert 'value="Private beta ends"' in page and f'value="{_in(9).day}"' in page
    stored = fresh(Milestone, milestone.id)
    assert (stored.title, stored.due_on) == ("Public beta", _in(20))
    assert len(audit_events("lab_milestone.changed")) == 1
    # The page now names the milestone as it is: sent again on purpose, it is saved.
    again = client.post(url, data={**typed, "seen": _seen(response)})
    assert again.status_code == 302
    assert fresh(Milestone, milestone.id).title == "Private beta ends"


@pytest.mark.parametrize("seen", [None, "", "x" * 500])
def test_a_change_naming_no_milestone_is_refused_as_out_of_date(client, funded, milestone, seen):
    sign_in(client, funded.lead)
    typed = {"title": "Renamed", **_date("due_on", _in(9))}
    if seen is not None:
        typed["seen"] = seen
    response = client.post(_urls(funded, milestone)["change"], data=typed)
    assert response.status_code == 409
    assert _errors(response) == [service.STALE]
    assert fresh(Milestone, milestone.id).title == "Private beta with 50 users"


def test_every_form_button_guards_against_double_clicks(client, funded, milestone):
    sign_in(client, funded.lead)
    urls = _urls(funded, milestone)
    for name in ("add", "change", "done"):
        html = client.get(urls[name]).get_data(as_text=True)
        assert 'data-prevent-double-click="true"' in html, name


# Done and not done -----------------------------------------------------------------------


def test_marking_done_defaults_to_today(client, funded, milestone):
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["done"]
    page = _text(client.get(url))
    today = london_today()
    assert f'value="{today.day:02d}"' in page and f'value="{today.month:02d}"' in page
    response = client.post(url, data=_date("done_on", today))
    assert response.status_code == 302
    stored = fresh(Milestone, milestone.id)
    assert (stored.done_on, stored.completed_by_id) == (today, funded.lead.id)
    assert "Milestone marked as done" in _text(client.get(response.headers["Location"]))
    # Done already: the form is stale (a second tab, the back button).
    again = client.post(url, data=_date("done_on", _in(-1)))
    assert again.status_code == 409
    assert "This milestone is already done" in _text(again)
    assert fresh(Milestone, milestone.id).done_on == today


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("future", "The date it was done must be today or in the past"),
        (("", "", ""), "Enter the date the milestone was done"),
        (("32", "1", "2027"), "The date it was done must be a real date"),
    ],
)
def test_done_date_errors(client, funded, milestone, typed, error):
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["done"]
    data = _date("done_on", _in(1)) if typed == "future" else _date("done_on", typed=typed)
    response = client.post(url, data=data)
    assert response.status_code == 400
    page = _text(response)
    assert "<title>Error: Mark" in page and error in page and 'href="#done_on-day"' in page
    assert fresh(Milestone, milestone.id).done_on is None


def test_undoing_done(client, funded, milestone):
    service.complete(funded.lead, funded.project, milestone, _in(-1))
    sign_in(client, funded.lead)
    url = _urls(funded, milestone)["not-done"]
    page = _text(client.get(url))
    assert "It will show as overdue again." in page
    response = client.post(url)
    assert response.status_code == 302
    assert fresh(Milestone, milestone.id).done_on is None
    assert "Milestone marked as not done" in _text(client.get(response.headers["Location"]))
    assert len(audit_events("lab_milestone.reopened")) == 1
    assert client.post(url).status_code == 409


# A stopped project -----------------------------------------------------------------------


def test_a_stopped_project_is_read_only(client, funded, milestone):
    funded.project.status = "stopped"
    funded.project.status_reason = "The service already exists elsewhere"
    db.session.commit()
    sign_in(client, funded.lead)
    for name, url in _urls(funded, milestone).items():
        response = client.get(url)
        assert response.status_code == 409, name
        assert "This project has stopped" in _text(response)
        form = {"title": "Beta", **_date("due_on", _in(5)), **_date("done_on", _in(0))}
        assert client.post(url, data=form).status_code == 409, name
    assert "The service already exists elsewhere" in _text(
        client.get(_urls(funded, milestone)["add"])
    )
    assert db.session.query(Milestone).count() == 1
    assert fresh(Milestone, milestone.id).done_on is None
    page = _text(client.get(f"/lab/projects/{funded.project.id}"))
    assert "Private beta with 50 users" in page
    assert "/milestones/new" not in page
    assert "its milestones can no longer be changed" in page
