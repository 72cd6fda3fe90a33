"""A project's benefits through the client: who may see and change them, adding and changing
a metric, recording readings, GOV.UK errors with what was typed kept, a stopped project
refused, a metric changed meanwhile refused, and every change audited."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from spark.extensions import db
from spark.lab import benefit_service as service
from spark.lab.benefit_service import MetricDetails
from spark.lab.board import london_today
from spark.lab.models import BenefitMetric, MetricReading
from tests.factories import audit_events, make_user, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.panel_factories import fresh

METRIC_FORM = {
    "name": "Staff hours saved each week",
    "unit": "hours",
    "unit_label": "",
    "better": "higher",
    "baseline": "0",
    "target": "120",
}


def add_metric(funded, **fields) -> BenefitMetric:
    details = {
        "name": "Money saved each year",
        "unit": "gbp",
        "unit_label": "",
        "better": "higher",
        "baseline": Decimal(0),
        "target": Decimal(20000),
        **fields,
    }
    return service.add_metric(funded.project, funded.lead, MetricDetails(**details))


def add_reading(funded, metric, value, taken_on, source="Finance report") -> MetricReading:
    return service.record_reading(
        funded.project,
        metric,
        funded.lead,
        value=Decimal(value),
        taken_on=taken_on,
        source=source,
    )


def reading_form(value="40", when=date(2025, 3, 27), source="Timesheets"):
    return {
        "value": value,
        "taken_on": [str(when.day), str(when.month), str(when.year)],
        "source": source,
    }


def _urls(funded, metric) -> dict[str, str]:
    base = f"/lab/projects/{funded.project.id}/benefits"
    return {
        "page": base,
        "add": f"{base}/new",
        "change": f"{base}/{metric.id}/change",
        "record": f"{base}/{metric.id}/readings/new",
    }


@pytest.fixture
def funded(app):
    return funded_project()


# Who may do what --------------------------------------------------------------------------


def test_the_team_and_the_lab_see_and_use_every_page(client, funded):
    metric = add_metric(funded)
    urls = _urls(funded, metric)
    for person in (funded.lead, make_lab_user()):
        sign_in(client, person)
        for url in urls.values():
            assert client.get(url).status_code == 200, url


def test_organisers_see_the_benefits_but_change_nothing(client, funded):
    metric = add_metric(funded)
    urls = _urls(funded, metric)
    sign_in(client, make_organiser())
    page = client.get(urls["page"])
    assert page.status_code == 200
    assert "Money saved each year" in page.get_data(as_text=True)
    assert "Record a reading" not in page.get_data(as_text=True)
    for name in ("add", "change", "record"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["add"], data=METRIC_FORM).status_code == 403
    assert client.post(urls["change"], data=METRIC_FORM).status_code == 403
    assert client.post(urls["record"], data=reading_form()).status_code == 403
    assert db.session.scalars(select(BenefitMetric)).all() == [metric]
    assert db.session.scalars(select(MetricReading)).all() == []


def test_anyone_else_signed_in_gets_404_on_every_project_route(client, funded):
    metric = add_metric(funded)
    sign_in(client, make_colleague())
    for name, url in _urls(funded, metric).items():
        assert client.get(url).status_code == 404, name
        if name != "page":
            assert client.post(url, data=METRIC_FORM).status_code == 404, name


def test_signed_out_people_are_sent_to_sign_in(client, funded):
    metric = add_metric(funded)
    for name, url in _urls(funded, metric).items():
        posted = [] if name == "page" else [client.post(url, data=METRIC_FORM)]
        for response in (client.get(url), *posted):
            assert response.status_code == 302
            assert response.headers["Location"].startswith("/sign-in?next=")


def test_no_such_project_or_another_projects_metric_is_404(client, funded):
    other = funded_project(round_=funded.pitch.round)
    theirs = add_metric(other)
    sign_in(client, make_lab_user())
    assert client.get("/lab/projects/999999/benefits").status_code == 404
    base = f"/lab/projects/{funded.project.id}/benefits"
    assert client.get(f"{base}/{theirs.id}/change").status_code == 404
    assert client.get(f"{base}/{theirs.id}/readings/new").status_code == 404
    assert client.post(f"{base}/{theirs.id}/readings/new", data=reading_form()).status_code == 404
    assert client.get(f"{base}/999999/change").status_code == 404


# Adding and changing a metric ---------------------------------------------------------------


def test_the_team_adds_a_metric(client, funded):
    sign_in(client, funded.lead)
    response = client.post(
        f"/lab/projects/{funded.project.id}/benefits/new",
        data={**METRIC_FORM, "baseline": "1,200", "target": "£600", "better": "lower"},
    )
    metric = db.session.scalars(select(BenefitMetric)).one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        f"/lab/projects/{funded.project.id}/benefits#benefit-{metric.id}"
    )
    assert (metric.name, metric.unit, metric.better) == (
        "Staff hours saved each week",
        "hours",
        "lower",
    )
    assert (metric.baseline, metric.target) == (Decimal("1200.00"), Decimal("600.00"))
    assert metric.created_by_id == funded.lead.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Benefit added" in page
    assert "1,200 hours" in page and "No readings yet" in page
    [event] = audit_events("lab_benefit.added")
    assert event.actor_id == funded.lead.id and event.target_id == str(metric.id)
    assert event.after["baseline"] == "1200.00" and event.after["unit"] == "hours"


def test_another_unit_needs_its_name_and_keeps_it(client, funded):
    sign_in(client, make_lab_user())
    url = f"/lab/projects/{funded.project.id}/benefits/new"
    missing = client.post(url, data={**METRIC_FORM, "unit": "other"})
    assert missing.status_code == 400
    assert "Enter the unit, for example forms" in missing.get_data(as_text=True)
    done = client.post(url, data={**METRIC_FORM, "unit": "other", "unit_label": "  paper  forms "})
    assert done.status_code == 302
    assert fresh(BenefitMetric, db.session.scalars(select(BenefitMetric.id)).one()).unit_label == (
        "paper forms"
    )


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"name": ""}, "name", "Enter the name of the benefit"),
        ({"name": "x" * 121}, "name", "The name must be 120 characters or fewer"),
        ({"unit": ""}, "unit", "Select the unit the benefit is measured in"),
        ({"unit": "furlongs"}, "unit", "Select the unit the benefit is measured in"),
        ({"unit_label": "x" * 41}, "unit_label", "The unit must be 40 characters or fewer"),
        ({"better": ""}, "better", "Select whether higher or lower is better"),
        ({"baseline": ""}, "baseline", "Enter the baseline"),
        ({"baseline": "twelve"}, "baseline", "Enter the baseline as a number, like 12,500 or 12.5"),
        (
            {"target": "12.345"},
            "target",
            "Enter the target with no more than 2 numbers after the decimal point",
        ),
        ({"target": "1000000000000"}, "target", "The target must be less than 1,000,000,000,000"),
        ({"target": "1" * 27}, "target", "The target must be less than 1,000,000,000,000"),
        ({"baseline": "-" + "9" * 400}, "baseline", "must be more than \u22121,000,000,000,000"),
        ({"baseline": "1e999"}, "baseline", "Enter the baseline as a number, like 12,500"),
        ({"target": "0"}, "target", "The target must be different from the baseline"),
        (
            {"target": "-5"},
            "target",
            "The target must be higher than the baseline, as higher is better",
        ),
        (
            {"better": "lower"},
            "target",
            "The target must be lower than the baseline, as lower is better",
        ),
    ],
)
def test_a_metric_with_a_problem_is_shown_again_with_what_was_typed(
    client, funded, fields, field, message
):
    sign_in(client, funded.lead)
    typed = {**METRIC_FORM, "name": "Calls to the helpline", **fields}
    response = client.post(f"/lab/projects/{funded.project.id}/benefits/new", data=typed)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in html
    assert message in html
    assert f'href="#{field}' in html  # the error summary links to the field
    if typed["name"] and len(typed["name"]) <= 120:
        assert 'value="Calls to the helpline"' in html
    assert db.session.scalars(select(BenefitMetric)).all() == []
    assert audit_events("lab_benefit.added") == []


def test_the_lab_changes_a_metric(client, funded):
    metric = add_metric(funded)
    sign_in(client, make_lab_user())
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/change"
    form = client.get(url).get_data(as_text=True)
    assert 'value="Money saved each year"' in form and 'value="20,000"' in form
    seen = service.fingerprint(metric)
    assert f'value="{seen}"' in form
    response = client.post(
        url,
        data={
            "name": "Money saved",
            "unit": "gbp",
            "better": "higher",
            "baseline": "0",
            "target": "25,000.50",
            "seen": seen,
        },
    )
    assert response.status_code == 302
    metric = fresh(BenefitMetric, metric.id)
    assert (metric.name, metric.target) == ("Money saved", Decimal("25000.50"))
    [event] = audit_events("lab_benefit.changed")
    assert event.before["target"] == "20000.00" and event.after["target"] == "25000.50"
    assert "Benefit changed" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_a_change_to_a_metric_changed_meanwhile_is_refused_with_what_was_typed(client, funded):
    metric = add_metric(funded)
    seen = service.fingerprint(metric)
    service.change_metric(
        funded.project,
        metric,
        funded.lead,
        MetricDetails("Money saved", "gbp", "", "higher", Decimal(0), Decimal(30000)),
        seen=seen,
    )
    sign_in(client, make_lab_user())
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/change"
    typed = {"name": "Savings", "unit": "gbp", "better": "higher", "baseline": "0"}
    response = client.post(url, data={**typed, "target": "22,000", "seen": seen})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone changed this benefit while you were editing it" in html
    assert 'value="22,000"' in html and "£30,000" in html
    assert fresh(BenefitMetric, metric.id).target == Decimal(30000)
    # Sent again from that page, it goes through.
    again = client.post(
        url, data={**typed, "target": "22,000", "seen": service.fingerprint(metric)}
    )
    assert again.status_code == 302
    assert fresh(BenefitMetric, metric.id).target == Decimal(22000)


# Readings -----------------------------------------------------------------------------------


def test_the_team_records_a_reading(client, funded):
    metric = add_metric(funded, unit="hours", baseline=Decimal(0), target=Decimal(120))
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/readings/new"
    response = client.post(url, data=reading_form(value="1,045.5", source="  Timesheets  "))
    assert response.status_code == 302
    reading = db.session.scalars(select(MetricReading)).one()
    assert (reading.value, reading.taken_on, reading.source) == (
        Decimal("1045.50"),
        date(2025, 3, 27),
        "Timesheets",
    )
    assert reading.recorded_by_id == funded.lead.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Reading recorded" in page
    assert "1,045.5 hours" in page and "Target met" in page and "27 March 2025" in page
    [event] = audit_events("lab_reading.recorded")
    assert event.after == {
        "project_id": str(funded.project.id),
        "metric_id": str(metric.id),
        "value": "1045.50",
        "taken_on": "2025-03-27",
        "source": "Timesheets",
    }


def test_a_reading_taken_today_is_taken(client, funded):
    metric = add_metric(funded)
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/readings/new"
    assert client.post(url, data=reading_form(when=london_today())).status_code == 302


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"value": ""}, "value", "Enter the value"),
        ({"value": "lots"}, "value", "Enter the value as a number, like 12,500 or 12.5"),
        ({"value": "9" * 40}, "value", "The value must be less than 1,000,000,000,000"),
        ({"value": "Infinity"}, "value", "Enter the value as a number, like 12,500 or 12.5"),
        ({"source": ""}, "source", "Enter where the figure comes from"),
        ({"source": "x" * 201}, "source", "Where the figure comes from must be 200 characters"),
        ({"taken_on": ["", "", ""]}, "taken_on", "Enter the date the figure was taken"),
        ({"taken_on": ["27", "13", "2025"]}, "taken_on", "The date taken must be a real date"),
        ({"taken_on": ["27", "3", "25"]}, "taken_on", "Year must include 4 numbers"),
        ("tomorrow", "taken_on", "The date taken must be today or in the past"),
    ],
)
def test_a_reading_with_a_problem_is_shown_again_with_what_was_typed(
    client, funded, typed, field, message
):
    metric = add_metric(funded)
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/readings/new"
    if typed == "tomorrow":
        typed = reading_form(when=london_today() + timedelta(days=1))
    data = {**reading_form(value="12,500", source="Ledger 7"), **typed}
    response = client.post(url, data=data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error: " in html and message in html
    assert f'href="#{field}' in html
    for kept in ("12,500", "Ledger 7"):
        if kept in data.values():
            assert f'value="{kept}"' in html
    assert db.session.scalars(select(MetricReading)).all() == []


# A stopped project ---------------------------------------------------------------------------


def test_a_stopped_project_keeps_its_benefits_as_they_were(client, funded):
    metric = add_metric(funded)
    add_reading(funded, metric, "5000", date(2025, 1, 5))
    funded.project.status = "stopped"
    db.session.commit()
    urls = _urls(funded, metric)
    sign_in(client, funded.lead)
    page = client.get(urls["page"]).get_data(as_text=True)
    assert "This project has stopped" in page and "£5,000" in page
    assert "Record a reading" not in page and "Add a benefit" not in page
    for name in ("add", "change", "record"):
        response = client.get(urls[name])
        assert response.status_code == 409, name
        assert service.STOPPED in response.get_data(as_text=True)
    posts = {
        "add": METRIC_FORM,
        "change": {**METRIC_FORM, "seen": service.fingerprint(metric)},
        "record": reading_form(),
    }
    for name, data in posts.items():
        assert client.post(urls[name], data=data).status_code == 409, name
    assert db.session.scalars(select(BenefitMetric)).all() == [metric]
    assert len(db.session.scalars(select(MetricReading)).all()) == 1
    assert audit_events("lab_benefit.changed") == []


def test_the_service_refuses_a_stopped_project_and_people_outside_the_team(funded):
    metric = add_metric(funded)
    with pytest.raises(service.BenefitRefused) as outsider:
        service.record_reading(
            funded.project,
            metric,
            make_user(),
            value=Decimal(1),
            taken_on=date(2025, 1, 1),
            source="x",
        )
    assert outsider.value.status == 403
    funded.project.status = "stopped"
    db.session.commit()
    with pytest.raises(service.BenefitRefused) as stopped:
        add_reading(funded, metric, "1", date(2025, 1, 1))
    assert (stopped.value.status, str(stopped.value)) == (409, service.STOPPED)


def test_a_paused_project_still_takes_readings(client, funded):
    metric = add_metric(funded)
    funded.project.status = "paused"
    db.session.commit()
    sign_in(client, funded.lead)
    url = f"/lab/projects/{funded.project.id}/benefits/{metric.id}/readings/new"
    assert client.post(url, data=reading_form()).status_code == 302
