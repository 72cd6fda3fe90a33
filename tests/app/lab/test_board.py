"""The lab board: every project by stage for the lab and organisers, with counts, days in
stage, the next milestone, and filters by round, department, focus area and status."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest

from spark.extensions import db
from spark.lab import access
from spark.lab.board import london_today
from spark.lab.models import Stage
from tests.app.lab.board_factories import (
    add_milestone,
    make_focus_area,
    make_team_in,
    more_projects,
)
from tests.factories import make_user, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser


def _doc(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def _titles(doc, group: str) -> list[str]:
    """The projects listed under the board group ``group``, in order."""
    section = doc.xpath(f'//h2[@id="group-{group}"]/..')
    if not section:
        return []
    return [" ".join(a.text_content().split()) for a in section[0].xpath(".//tbody//th/a")]


def _heading(doc, group: str) -> str:
    [heading] = doc.xpath(f'//h2[@id="group-{group}"]')
    return " ".join(heading.text_content().split())


def _cell(element) -> str:
    return " ".join(" ".join(element.itertext()).split())


def _text(response) -> str:
    return " ".join(_doc(response).text_content().split())


@pytest.fixture
def lab(client):
    person = make_lab_user()
    sign_in(client, person)
    return person


# Who may see it -------------------------------------------------------------------------------


def test_the_lab_and_organisers_see_the_board_and_everyone_else_is_refused(app, client):
    funded = funded_project()
    assert client.get("/lab").headers["Location"].startswith("/sign-in?next=")
    for person, status in [
        (make_lab_user(), 200),
        (make_organiser(), 200),
        (funded.lead, 403),
        (make_colleague(), 403),
    ]:
        sign_in(client, person)
        assert client.get("/lab").status_code == status, person.email
        assert client.get("/lab/board/discovery").status_code == status, person.email
        client.get("/sign-out")


def test_the_lab_section_is_in_the_navigation_for_the_lab_and_organisers_only(app, client):
    sign_in(client, make_lab_user())
    links = _doc(client.get("/lab")).xpath('//nav[@aria-label="Main menu"]//a')
    nav = [_cell(link) for link in links]
    assert "Lab" in nav and nav[-1] == "Sign out"
    client.get("/sign-out")
    sign_in(client, make_user())
    assert "/lab" not in client.get("/").get_data(as_text=True)


# What it shows --------------------------------------------------------------------------------


def test_an_empty_board_says_how_projects_arrive(app, client, lab):
    text = _text(client.get("/lab"))
    assert "0 projects in the lab" in text
    assert "A project starts here, in its first stage, when the chair of a panel signs" in text


def test_projects_are_grouped_by_stage_in_order_with_the_lab_s_names_and_counts(app, client, lab):
    funded = funded_project()
    more_projects(funded, 2, stage="alpha", title="Alpha idea")
    more_projects(funded, 1, stage="beta", status="paused", title="Paused idea")
    more_projects(
        funded, 1, stage="alpha", status="stopped", title="Ended idea", status_reason="No need"
    )
    db.session.get(
        Stage, db.session.query(Stage.id).filter_by(key="alpha").scalar()
    ).name = "Alpha (prototypes)"
    db.session.commit()

    doc = _doc(client.get("/lab"))
    headings = [" ".join(h.text_content().split()) for h in doc.xpath("//h2[@id]")]
    assert headings == [
        "Discovery: 1 project",
        "Alpha (prototypes): 2 projects",
        "Beta: 1 project",
        "Live: 0 projects",
        "Scaled across government: 0 projects",
        "Stopped: 1 project",
    ]
    summary = [
        [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
        for row in doc.xpath('//table[caption="Projects by stage"]/tbody/tr')
    ]
    assert summary[1] == ["Alpha (prototypes)", "2", "0"]
    assert summary[2] == ["Beta", "1", "1"]
    assert summary[-1] == ["Stopped", "1", "Not applicable"]
    assert "5 projects in the lab" in _text(client.get("/lab"))
    assert _titles(doc, "stopped")[0].startswith("Ended idea")
    stopped_row = " ".join(
        doc.xpath('//h2[@id="group-stopped"]/..//tbody/tr')[0].text_content().split()
    )
    assert "Alpha (prototypes) No need" in stopped_row
    paused = doc.xpath('//h2[@id="group-beta"]/..//tbody//th')[0]
    assert "Paused" in paused.text_content()


def test_each_project_shows_its_team_department_days_in_stage_and_next_milestone(app, client, lab):
    funded = funded_project()
    team = make_team_in("HM Revenue and Customs", name="Forms team")
    [late, fine] = more_projects(funded, 2, team=team, days_in_stage=12)
    today = london_today()
    add_milestone(late, "Done long ago", today - timedelta(days=30), done_on=today)
    add_milestone(late, "Usability testing", today - timedelta(days=1))
    add_milestone(late, "Later", today + timedelta(days=9))
    add_milestone(fine, "Show and tell", today)
    add_milestone(fine, "Later still", today + timedelta(days=40))

    doc = _doc(client.get("/lab"))
    rows = {
        _cell(row.xpath("./th")[0]): [_cell(cell) for cell in row.xpath("./td")]
        for row in doc.xpath('//h2[@id="group-discovery"]/..//tbody/tr')
    }
    assert rows[late.pitch.title] == [
        "Forms team",
        "HM Revenue and Customs",
        "12 days",
        f"Usability testing Due {_date(today - timedelta(days=1))} Overdue",
    ]
    assert rows[fine.pitch.title][3] == f"Show and tell Due {_date(today)}"
    assert rows[funded.pitch.title][2:] == ["0 days", "No open milestones"]
    link = doc.xpath(f'//a[normalize-space()="{late.pitch.title}"]/@href')
    assert link == [f"/lab/projects/{late.id}"]


def _date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def test_the_longest_in_stage_come_first_and_at_most_20_a_group(app, client, lab):
    funded = funded_project()
    more_projects(funded, 21, stage="beta", days_in_stage=5, title="Recent")
    [oldest] = more_projects(funded, 1, stage="beta", days_in_stage=300, title="Oldest")
    doc = _doc(client.get("/lab"))
    titles = _titles(doc, "beta")
    assert len(titles) == 20
    assert titles[0] == oldest.pitch.title
    assert _heading(doc, "beta") == "Beta: 22 projects"
    [see_all] = doc.xpath('//a[starts-with(normalize-space(), "See all 22 projects in Beta")]')
    assert see_all.get("href") == "/lab/board/beta"


# Filters --------------------------------------------------------------------------------------


def test_filter_by_round(app, client, lab):
    first = funded_project()
    second = funded_project()
    doc = _doc(client.get(f"/lab?round={second.pitch.round_id}"))
    assert _titles(doc, "discovery") == [second.pitch.title]
    assert "1 project matches these filters" in " ".join(doc.text_content().split())
    assert doc.xpath('//select[@id="round"]/option[@selected]/@value') == [
        str(second.pitch.round_id)
    ]
    assert first.pitch.title not in _titles(doc, "discovery")


def test_filter_by_the_team_s_department(app, client, lab):
    funded = funded_project()
    [hmrc] = more_projects(funded, 1, team=make_team_in("HM Revenue and Customs"))
    doc = _doc(client.get("/lab?department=HM+Revenue+and+Customs"))
    assert _titles(doc, "discovery") == [hmrc.pitch.title]
    options = doc.xpath('//select[@id="department"]/option/@value')
    assert options == ["", "Cabinet Office", "HM Revenue and Customs"]


def test_filter_by_focus_area(app, client, lab):
    funded = funded_project()
    [filed, _other] = more_projects(funded, 2)
    area = make_focus_area("Digital inclusion", filed)
    make_focus_area("Assistive technology")
    doc = _doc(client.get(f"/lab?focus_area={area.id}"))
    assert _titles(doc, "discovery") == [filed.pitch.title]


def test_filter_by_status(app, client, lab):
    funded = funded_project()
    [paused] = more_projects(funded, 1, stage="alpha", status="paused")
    [stopped] = more_projects(funded, 1, stage="beta", status="stopped")
    [late] = more_projects(funded, 1, stage="live")
    [late_but_stopped] = more_projects(funded, 1, status="stopped")
    today = london_today()
    add_milestone(late, "Late", today - timedelta(days=1))
    add_milestone(late_but_stopped, "Late too", today - timedelta(days=3))
    add_milestone(paused, "Not yet", today)

    def listed(status):
        doc = _doc(client.get(f"/lab?status={status}"))
        groups = [h.get("id").removeprefix("group-") for h in doc.xpath("//h2[@id]")]
        return {group: _titles(doc, group) for group in groups if _titles(doc, group)}, groups

    active, groups = listed("active")
    assert active == {"discovery": [funded.pitch.title], "live": [late.pitch.title]}
    assert "stopped" not in groups
    assert listed("paused")[0] == {"alpha": [paused.pitch.title]}
    stopped_only, groups = listed("stopped")
    assert groups == ["stopped"]
    assert stopped_only == {"stopped": [stopped.pitch.title, late_but_stopped.pitch.title]}
    # Overdue: projects going on with a milestone due before today and not done.
    assert listed("overdue")[0] == {"live": [late.pitch.title]}


def test_filters_combine_and_a_board_with_no_match_says_so(app, client, lab):
    funded = funded_project()
    area = make_focus_area("Digital inclusion", funded.project)
    response = client.get(f"/lab?focus_area={area.id}&status=paused")
    text = _text(response)
    assert "0 projects match these filters" in text
    assert "No projects match these filters" in text
    assert "Filtered by: Focus area: Digital inclusion; Status: Paused. Clear filters" in text
    assert not _doc(response).xpath('//h2[@id="group-discovery"]')


@pytest.mark.parametrize(
    "query",
    [
        "round=abc",
        "round=999999",
        "round=-1",
        "department=Nowhere",
        "focus_area=12345678901234567890",
        "status=everything",
        "status=",
        "page=0",
    ],
)
def test_unknown_filter_values_show_every_project(app, client, lab, query):
    funded = funded_project()
    response = client.get(f"/lab?{query}")
    assert response.status_code == 200
    assert _titles(_doc(response), "discovery") == [funded.pitch.title]
    assert "Clear filters" not in _text(response)


# A group's own pages ---------------------------------------------------------------------------


def test_a_stage_s_pages_list_50_a_page_in_order_with_the_filters_kept(app, client, lab):
    funded = funded_project()
    made = [
        *more_projects(funded, 30, stage="alpha", days_in_stage=40, title="Old"),
        *more_projects(funded, 25, stage="alpha", days_in_stage=3, title="New"),
    ]
    more_projects(funded, 2, stage="alpha", status="stopped", title="Gone")
    first = _doc(client.get("/lab/board/alpha"))
    titles = [" ".join(a.text_content().split()) for a in first.xpath("//tbody//th/a")]
    assert titles == [project.pitch.title for project in made[:50]]
    assert first.xpath("//h1/text()") == ["Alpha"]
    assert "55 projects, 1 to 50 shown" in " ".join(first.text_content().split())
    pagination = first.xpath('//nav[contains(@class, "govuk-pagination")]')
    assert pagination, "GOV.UK pagination"
    assert first.xpath('//a[@rel="next"]/@href') == ["/lab/board/alpha?page=2"]

    second = _doc(client.get("/lab/board/alpha?page=2"))
    titles = [" ".join(a.text_content().split()) for a in second.xpath("//tbody//th/a")]
    assert titles == [project.pitch.title for project in made[50:]]
    assert client.get("/lab/board/alpha?page=3").status_code == 404
    assert client.get("/lab/board/alpha?page=abc").status_code == 200

    round_id = funded.pitch.round_id
    filtered = _doc(client.get(f"/lab/board/alpha?round={round_id}&status=active"))
    next_link = filtered.xpath('//a[@rel="next"]/@href')[0]
    assert f"round={round_id}" in next_link and "status=active" in next_link
    back = filtered.xpath('//a[contains(@class, "govuk-back-link")]/@href')[0]
    assert back.startswith("/lab?") and f"round={round_id}" in back


def test_the_stopped_group_has_its_own_pages(app, client, lab):
    funded = funded_project()
    more_projects(funded, 2, stage="beta", status="stopped", status_reason="Cheaper elsewhere")
    doc = _doc(client.get("/lab/board/stopped"))
    assert doc.xpath("//h1/text()") == ["Stopped projects"]
    assert len(doc.xpath("//tbody/tr")) == 2
    assert "Cheaper elsewhere" in doc.text_content()
    empty = _text(client.get("/lab/board/stopped?status=active"))
    assert "No projects here match the filters" in empty


def test_an_unknown_group_is_not_found(app, client, lab):
    assert client.get("/lab/board/nowhere").status_code == 404
    assert client.get("/lab/board/alpha").status_code == 200


def test_the_lab_finds_the_focus_areas_from_the_board_and_organisers_do_not(app, client):
    sign_in(client, make_lab_user())
    assert "/lab/focus-areas" in _doc(client.get("/lab")).xpath("//main//a/@href")
    client.get("/sign-out")
    sign_in(client, make_organiser())
    assert "/lab/focus-areas" not in _doc(client.get("/lab")).xpath("//main//a/@href")


def test_the_board_leads_to_the_portfolio_pages_each_may_open(app, client):
    everyone = ["/lab/milestones", "/lab/benefits", "/lab/reports"]
    sign_in(client, make_lab_user())
    links = _doc(client.get("/lab")).xpath("//main//a/@href")
    assert set(everyone + ["/lab/stages"]) <= set(links)
    assert all(client.get(url).status_code == 200 for url in everyone + ["/lab/stages"])
    client.get("/sign-out")
    sign_in(client, make_organiser())
    links = _doc(client.get("/lab")).xpath("//main//a/@href")
    assert set(everyone) <= set(links) and "/lab/stages" not in links
    assert all(client.get(url).status_code == 200 for url in everyone)


def test_one_rule_says_who_sees_the_portfolio(app, client):
    funded = funded_project()
    people = {
        "lab": (make_lab_user(), True),
        "organiser": (make_organiser(), True),
        "team lead": (funded.lead, False),
        "colleague": (make_colleague(), False),
    }
    for name, (person, sees) in people.items():
        assert access.sees_portfolio(person) is sees, name
        sign_in(client, person)
        nav = _doc(client.get("/showcase")).xpath("//header//a/@href")
        assert ("/lab" in nav) is sees, name  # the navigation's "Lab" item
        assert client.get("/lab/benefits").status_code == (200 if sees else 403), name
        page = client.get(f"/lab/projects/{funded.project.id}")
        if page.status_code == 200:  # the benefits part's link to the portfolio
            assert ('href="/lab/benefits"' in page.get_data(as_text=True)) is sees, name
        client.get("/sign-out")
