"""Partners and focus areas, kept by the lab: adding and removing a project's partners (with a
confirmation), the list of focus areas (add, rename, unique names) and a project's focus
areas as checkboxes. Each change is audited; a stopped project cannot be changed (409); the
team and organisers are refused (403), anyone else gets 404."""

from __future__ import annotations

import lxml.html
import pytest
from sqlalchemy import delete, select

from spark.extensions import db
from spark.lab import project_service
from spark.lab.models import FocusArea, Partner
from tests.app.lab.board_factories import make_focus_area
from tests.factories import audit_events, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser
from tests.panel_factories import fresh


def _doc(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def _errors(response) -> list[str]:
    return [
        " ".join(item.text_content().split())
        for item in _doc(response).xpath('//ul[contains(@class, "govuk-error-summary__list")]/li')
    ]


def _title(response) -> str:
    return " ".join(_doc(response).xpath("//title")[0].text_content().split())


def _partners(project) -> list[tuple[str, str]]:
    return [
        (p.name, p.role)
        for p in db.session.scalars(
            select(Partner).where(Partner.project_id == project.id).order_by(Partner.id)
        )
    ]


@pytest.fixture
def funded(app):
    return funded_project()


@pytest.fixture
def lab(client):
    person = make_lab_user()
    sign_in(client, person)
    return person


def _base(funded) -> str:
    return f"/lab/projects/{funded.project.id}"


# Who may ---------------------------------------------------------------------------------------


def test_only_the_lab_may_change_partners_and_focus_areas(app, client, funded):
    partner = Partner(project_id=funded.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    db.session.commit()
    area = make_focus_area("Digital inclusion")
    base = _base(funded)
    pages = [
        f"{base}/partners/add",
        f"{base}/partners/{partner.id}/remove",
        f"{base}/focus-areas",
    ]
    lab_wide = ["/lab/focus-areas", f"/lab/focus-areas/{area.id}/rename"]
    for url in pages + lab_wide:
        for method in (client.get, client.post):
            assert method(url).headers["Location"].startswith("/sign-in?next="), url
    for person, project_status, lab_wide_status in [
        (funded.lead, 403, 403),
        (make_organiser(), 403, 403),
        (make_colleague(), 404, 403),
        (make_lab_user(), 200, 200),
    ]:
        sign_in(client, person)
        for url in pages:
            assert client.get(url).status_code == project_status, (person.email, url)
            if project_status != 200:
                assert client.post(url, data={"name": "X", "role": "Y"}).status_code == (
                    project_status
                )
        for url in lab_wide:
            assert client.get(url).status_code == lab_wide_status, (person.email, url)
            if lab_wide_status != 200:
                assert client.post(url, data={"name": "X"}).status_code == lab_wide_status
        client.get("/sign-out")
    assert _partners(funded.project) == [("RNIB", "Testing")]
    assert [a.name for a in db.session.scalars(select(FocusArea))] == ["Digital inclusion"]
    assert funded.project.focus_areas == []


# Partners --------------------------------------------------------------------------------------


def test_the_lab_adds_a_partner(app, client, funded, lab):
    url = f"{_base(funded)}/partners/add"
    page = client.get(url)
    assert _doc(page).xpath("//h1/text()") == ["Add a partner"]
    response = client.post(url, data={"name": "  RNIB ", "role": "User research  with people"})
    assert response.status_code == 302
    assert response.headers["Location"] == _base(funded)
    assert _partners(funded.project) == [("RNIB", "User research with people")]
    [event] = audit_events("lab_partner.added")
    assert event.actor_id == lab.id
    assert event.after == {
        "project_id": funded.project.id,
        "name": "RNIB",
        "role": "User research with people",
    }
    shown = client.get(_base(funded))
    assert "RNIB added as a partner" in shown.get_data(as_text=True)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, ["Enter the partner’s name", "Enter what the partner does for the project"]),
        ({"name": " ", "role": "Testing"}, ["Enter the partner’s name"]),
        (
            {"name": "R" * 201, "role": "T" * 201},
            [
                "The partner’s name must be 200 characters or fewer",
                "What the partner does must be 200 characters or fewer",
            ],
        ),
        ({"name": "rnib", "role": "Again"}, ["This project already has a partner called rnib"]),
    ],
)
def test_a_partner_with_problems_is_shown_again_with_govuk_errors(
    app, client, funded, lab, data, errors
):
    db.session.add(Partner(project_id=funded.project.id, name="RNIB", role="Testing"))
    db.session.commit()
    response = client.post(f"{_base(funded)}/partners/add", data=data)
    assert response.status_code == 400
    assert _errors(response) == errors
    assert _title(response).startswith("Error: Add a partner")
    if data.get("role"):
        assert _doc(response).xpath('//input[@name="role"]/@value') == [data["role"]]
    assert _partners(funded.project) == [("RNIB", "Testing")]
    assert audit_events("lab_partner.added") == []


def test_removing_a_partner_asks_first(app, client, funded, lab):
    partner = Partner(project_id=funded.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    db.session.commit()
    partner_id = partner.id
    url = f"{_base(funded)}/partners/{partner_id}/remove"
    page = client.get(url)
    assert _doc(page).xpath("//h1/text()") == ["Are you sure you want to remove RNIB?"]
    assert _partners(funded.project) == [("RNIB", "Testing")]
    response = client.post(url)
    assert response.headers["Location"] == _base(funded)
    assert _partners(funded.project) == []
    [event] = audit_events("lab_partner.removed")
    assert event.before == {"project_id": funded.project.id, "name": "RNIB", "role": "Testing"}
    assert event.target_id == str(partner_id)
    assert client.get(url).status_code == 404


def test_a_partner_removed_by_someone_else_meanwhile_is_a_clear_404(
    app, client, funded, lab, monkeypatch
):
    """Two of the lab remove the same partner at once: the second finds it gone once it holds
    the project, and is told so (404), never an error page, and nothing more is audited."""
    partner = Partner(project_id=funded.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    db.session.commit()
    partner_id = partner.id
    real = project_service._lock_going_on

    def removed_first(project):
        # The other request's removal commits after this one loaded the partner.
        with db.engine.begin() as connection:
            connection.execute(delete(Partner).where(Partner.id == partner_id))
        return real(project)

    monkeypatch.setattr(project_service, "_lock_going_on", removed_first)
    url = f"{_base(funded)}/partners/{partner_id}/remove"
    response = client.post(url)
    assert response.status_code == 404
    assert _errors(response) == [project_service.PARTNER_GONE]
    assert _title(response).startswith("Error: ")
    assert "RNIB" in _doc(response).xpath("//h1")[0].text_content()
    assert _doc(response).xpath("//main//form") == []  # nothing left to confirm
    assert _doc(response).xpath('//a[@href="' + _base(funded) + '"]')
    assert _partners(funded.project) == []
    assert audit_events("lab_partner.removed") == []


def test_removing_a_partner_that_has_gone_is_refused_by_the_service(app, funded, lab):
    partner = Partner(project_id=funded.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    db.session.commit()
    project_service.remove_partner(lab, funded.project, partner)
    with pytest.raises(project_service.Refused) as refused:
        project_service.remove_partner(lab, funded.project, partner)
    assert (refused.value.status, refused.value.problems) == (
        404,
        {"": project_service.PARTNER_GONE},
    )
    assert partner.name == "RNIB"  # still readable, for the page that says so
    assert len(audit_events("lab_partner.removed")) == 1


def test_another_project_s_partner_is_not_found(app, client, funded, lab):
    other = funded_project()
    partner = Partner(project_id=other.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    db.session.commit()
    url = f"{_base(funded)}/partners/{partner.id}/remove"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert _partners(other.project) == [("RNIB", "Testing")]


def test_a_stopped_project_s_partners_and_focus_areas_cannot_change(app, client, funded, lab):
    partner = Partner(project_id=funded.project.id, name="RNIB", role="Testing")
    db.session.add(partner)
    area = make_focus_area("Digital inclusion")
    funded.project.status = "stopped"
    db.session.commit()
    base = _base(funded)
    for url in [
        f"{base}/partners/add",
        f"{base}/partners/{partner.id}/remove",
        f"{base}/focus-areas",
    ]:
        response = client.get(url)
        assert response.headers["Location"] == base
        assert project_service.STOPPED in client.get(base).get_data(as_text=True)
    client.post(f"{base}/partners/add", data={"name": "Supplier", "role": "Build"})
    client.post(f"{base}/partners/{partner.id}/remove")
    client.post(f"{base}/focus-areas", data={"focus_areas": [str(area.id)]})
    assert _partners(funded.project) == [("RNIB", "Testing")]
    assert fresh(type(funded.project), funded.project.id).focus_areas == []
    assert audit_events("lab_partner.added") == audit_events("lab_partner.removed") == []


def test_a_project_stopped_while_the_form_was_open_is_refused_with_409(
    app, client, funded, lab, monkeypatch
):
    """The page showed the form; the project stopped before the post arrived."""
    from spark.lab import views

    area = make_focus_area("Digital inclusion")
    real = project_service._lock_going_on

    def stop_first(project):
        project.status = "stopped"
        db.session.commit()
        return real(project)

    monkeypatch.setattr(project_service, "_lock_going_on", stop_first)
    assert views.service is project_service
    base = _base(funded)
    response = client.post(f"{base}/partners/add", data={"name": "Supplier", "role": "Build"})
    assert response.status_code == 409
    assert _errors(response) == [project_service.STOPPED]
    assert _title(response).startswith("Error: ")
    assert _doc(response).xpath('//input[@name="name"]/@value') == ["Supplier"]
    db.session.get(type(funded.project), funded.project.id).status = "active"
    db.session.commit()
    response = client.post(f"{base}/focus-areas", data={"focus_areas": [str(area.id)]})
    assert response.status_code == 409
    assert _partners(funded.project) == []


# Focus areas -----------------------------------------------------------------------------------


def test_the_lab_adds_and_renames_focus_areas(app, client, lab):
    assert "There are no focus areas yet" in client.get("/lab/focus-areas").get_data(True)
    response = client.post("/lab/focus-areas", data={"name": " Digital  inclusion "})
    assert response.headers["Location"] == "/lab/focus-areas"
    [area] = db.session.scalars(select(FocusArea)).all()
    assert area.name == "Digital inclusion"
    assert [e.after for e in audit_events("lab_focus_area.added")] == [
        {"name": "Digital inclusion"}
    ]
    listed = client.get("/lab/focus-areas").get_data(as_text=True)
    assert "Digital inclusion added as a focus area" in listed
    rename = f"/lab/focus-areas/{area.id}/rename"
    assert _doc(client.get(rename)).xpath('//input[@name="name"]/@value') == ["Digital inclusion"]
    client.post(rename, data={"name": "Inclusion"})
    assert fresh(FocusArea, area.id).name == "Inclusion"
    [event] = audit_events("lab_focus_area.renamed")
    assert (event.before, event.after) == ({"name": "Digital inclusion"}, {"name": "Inclusion"})
    # Renaming to its own name in other capitals is allowed.
    assert client.post(rename, data={"name": "INCLUSION"}).status_code == 302
    assert client.get("/lab/focus-areas/999999/rename").status_code == 404


@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("", "Enter the name of the focus area"),
        ("x" * 81, "The name of the focus area must be 80 characters or fewer"),
        ("digital INCLUSION", "There is already a focus area called digital INCLUSION"),
    ],
)
def test_a_focus_area_name_must_be_given_short_and_unique(app, client, lab, name, error):
    existing = make_focus_area("Digital inclusion")
    other = make_focus_area("Assistive technology")
    response = client.post("/lab/focus-areas", data={"name": name})
    assert response.status_code == 400
    assert _errors(response) == [error]
    assert _title(response).startswith("Error: Focus areas")
    response = client.post(f"/lab/focus-areas/{other.id}/rename", data={"name": name})
    assert response.status_code == 400
    assert _errors(response) == [error]
    assert (_doc(response).xpath('//input[@name="name"]/@value') or [""]) == [name]
    assert sorted(a.name for a in db.session.scalars(select(FocusArea))) == sorted(
        [existing.name, other.name]
    )


def test_the_lab_chooses_a_project_s_focus_areas(app, client, funded, lab):
    inclusion = make_focus_area("Digital inclusion")
    assistive = make_focus_area("Assistive technology")
    make_focus_area("Data")
    url = f"{_base(funded)}/focus-areas"
    page = _doc(client.get(url))
    labels = page.xpath('//input[@type="checkbox"]/following-sibling::label')
    assert [" ".join(label.text_content().split()) for label in labels] == [
        "Assistive technology",
        "Data",
        "Digital inclusion",
    ]
    assert page.xpath("//h1//text()")[-1].strip() == "Which focus areas is this project part of?"
    response = client.post(url, data={"focus_areas": [str(inclusion.id), str(assistive.id)]})
    assert response.headers["Location"] == _base(funded)
    project = fresh(type(funded.project), funded.project.id)
    assert [a.name for a in project.focus_areas] == ["Assistive technology", "Digital inclusion"]
    [event] = audit_events("lab_project.focus_areas_changed")
    assert event.before == {"focus_areas": []}
    assert event.after == {"focus_areas": ["Assistive technology", "Digital inclusion"]}
    checked = _doc(client.get(url)).xpath('//input[@type="checkbox"][@checked]/@value')
    assert sorted(checked) == sorted([str(inclusion.id), str(assistive.id)])
    # Ticking none clears them.
    client.post(url, data={})
    assert fresh(type(funded.project), funded.project.id).focus_areas == []


def test_an_unknown_focus_area_is_refused(app, client, funded, lab):
    make_focus_area("Digital inclusion")
    url = f"{_base(funded)}/focus-areas"
    for value in ["999999", "abc"]:
        response = client.post(url, data={"focus_areas": [value]})
        assert response.status_code == 400
        assert _errors(response) == ["Select focus areas from the list"]
    assert audit_events("lab_project.focus_areas_changed") == []


def test_with_no_focus_areas_the_project_page_points_to_the_list(app, client, funded, lab):
    response = client.get(f"{_base(funded)}/focus-areas")
    assert "/lab/focus-areas" in _doc(response).xpath("//main//a/@href")
    assert "There are no focus areas yet" in response.get_data(as_text=True)
