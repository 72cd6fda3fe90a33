"""A lab project's page: the idea in short, its stage and the evidence its gate expects, its
status, team, round, the panel's decision (with links only for those who may open them),
partners, focus areas, documents and the sections the lab's other features add; and, on the
team's pitch page, that their idea is in the lab."""

from __future__ import annotations

from datetime import timedelta

import lxml.html
import pytest
from markupsafe import Markup

from spark.accounts.models import MEMBER, TeamMember
from spark.core.audit import utcnow
from spark.decisions import service as decision_service
from spark.extensions import db
from spark.lab import project_parts
from spark.lab.models import Partner, Stage
from tests.app.lab.board_factories import make_focus_area
from tests.app.test_panel_query_counts import add_team_and_files
from tests.decision_factories import details
from tests.factories import make_user, sign_in
from tests.lab_factories import funded_project, make_colleague, make_lab_user, make_organiser


def _doc(response):
    return lxml.html.fromstring(response.get_data(as_text=True))


def _text(response) -> str:
    return " ".join(" ".join(_doc(response).itertext()).split())


def _links(response) -> list[str]:
    return _doc(response).xpath("//main//a/@href")


def _url(funded) -> str:
    return f"/lab/projects/{funded.project.id}"


@pytest.fixture
def funded(app):
    made = funded_project(amount_pence=1_200_000)
    pitch = made.pitch
    pitch.summary = "Letters people can read"
    pitch.problem = "Letters are hard to read. " * 40
    pitch.idea = "Write them in plain English."
    made.project.stage_entered_at = utcnow() - timedelta(days=3)
    db.session.commit()
    return made


def test_who_may_see_a_project_s_page(app, client, funded):
    url = _url(funded)
    assert client.get(url).headers["Location"].startswith("/sign-in?next=")
    for person, status in [
        (make_lab_user(), 200),
        (make_organiser(), 200),
        (funded.lead, 200),
        (make_colleague(), 404),
        (funded.chair, 404),
    ]:
        sign_in(client, person)
        assert client.get(url).status_code == status, person.email
        assert client.get("/lab/projects/999999").status_code == 404
        client.get("/sign-out")


def test_the_lab_sees_the_summary_stage_team_decision_and_letter(app, client, funded):
    member = make_user(name="Mo Member", department="Cabinet Office")
    db.session.add(TeamMember(team_id=funded.pitch.team_id, user_id=member.id, role=MEMBER))
    db.session.commit()
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    doc = _doc(response)
    text = _text(response)
    assert doc.xpath("//h1/text()") == [funded.pitch.title]
    assert "Letters people can read" in text
    assert "Letters are hard to read." in text and "…" in text  # the problem, in short
    assert "Write them in plain English." in text
    assert "Current stage Discovery" in text
    assert "Evidence the lab expects before the next stage Show what you learnt" in text
    assert "Time in this stage 3 days, since" in text
    assert "Status Active" in text
    assert f"{funded.lead.name} (lead)" in text
    assert f"{member.name}," in text and f"{member.name} (lead)" not in text
    assert f"Round {funded.pitch.round.name}" in text
    assert "Decision Funded £12,000" in text
    assert f"by {funded.chair.name}, chair of {funded.decided.panel.name}" in text
    links = _links(response)
    assert f"/decisions/{funded.project.decision_id}/letter.pdf" in links
    assert f"/pitches/{funded.pitch.id}/decision" not in links  # the team's own page
    assert f"{_url(funded)}/partners/add" in links
    assert f"{_url(funded)}/focus-areas" in links
    assert doc.xpath('//a[contains(@class, "govuk-back-link")]/@href') == ["/lab"]


def test_the_team_gets_their_decision_page_the_letter_and_their_files(app, client, funded):
    add_team_and_files(funded.pitch, members=0, files=[("pdf", "application/pdf", "costs.pdf")])
    sign_in(client, funded.lead)
    response = client.get(_url(funded))
    links = _links(response)
    assert f"/pitches/{funded.pitch.id}/decision" in links
    assert f"/decisions/{funded.project.decision_id}/letter.pdf" in links
    [file_id] = [item.id for item in funded.pitch.files]
    assert f"/pitches/{funded.pitch.id}/files/{file_id}" in links
    assert f"/pitches/{funded.pitch.id}" in links  # their whole pitch
    assert not [link for link in links if "/partners" in link or "focus-areas" in link]
    assert _doc(response).xpath('//a[contains(@class, "govuk-back-link")]/@href') == [
        f"/pitches/{funded.pitch.id}"
    ]


def test_organisers_get_the_letter_and_files_but_change_nothing(app, client, funded):
    add_team_and_files(funded.pitch, members=0, files=[("pdf", "application/pdf", "costs.pdf")])
    db.session.add(Partner(project_id=funded.project.id, name="RNIB", role="Testing"))
    db.session.commit()
    sign_in(client, make_organiser())
    response = client.get(_url(funded))
    links = _links(response)
    assert f"/decisions/{funded.project.decision_id}/letter.pdf" in links
    assert f"/pitches/{funded.pitch.id}/decision" not in links
    assert any("/files/" in link for link in links)
    assert not [link for link in links if "/partners" in link or "focus-areas" in link]
    assert "RNIB Testing" in _text(response)


def test_the_lab_opens_the_funded_pitch_and_its_files(app, client, funded):
    add_team_and_files(
        funded.pitch,
        members=0,
        files=[("video", "video/mp4", "demo.mp4"), ("pdf", "application/pdf", "costs.pdf")],
    )
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    text = _text(response)
    assert "demo.mp4" in text and "costs.pdf" in text
    assert "demo.vtt" not in text  # captions are part of their video
    assert any("/files/" in link for link in _links(response))
    assert "The pitch’s files are for" not in text
    assert client.get(f"/pitches/{funded.pitch.id}/materials").status_code == 200


def _amend_to_not_funded(funded):
    decided = funded.decided
    draft = decision_service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(
            amendment_reason="The panel misread the costs",
            outcome="not_funded",
            justification="The costs were twice the ask",
        ),
        seen_decision_id=funded.project.decision_id,
    )
    return decision_service.sign(
        decided.chair, decided.panel, decided.slot, seen_version=draft.version
    )


def test_a_project_resting_on_a_not_funded_amendment_says_who_reads_its_letter(app, client, funded):
    not_funded = _amend_to_not_funded(funded)
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    assert f"/decisions/{not_funded.id}/letter.pdf" not in _links(response)
    assert client.get(f"/decisions/{not_funded.id}/letter.pdf").status_code == 404
    assert (
        "The decision letter is for the team, organisers and the panel’s chair, and for the lab "
        "while the decision funds the project." in _text(response)
    )
    client.get("/sign-out")
    # The team still reads it, and the words are not shown to them.
    sign_in(client, funded.lead)
    response = client.get(_url(funded))
    assert f"/decisions/{not_funded.id}/letter.pdf" in _links(response)
    assert "The decision letter is for" not in _text(response)


def test_the_lab_reads_a_funded_decision_s_letter(app, client, funded):
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    assert f"/decisions/{funded.project.decision_id}/letter.pdf" in _links(response)
    assert "The decision letter is for" not in _text(response)
    letter = client.get(f"/decisions/{funded.project.decision_id}/letter.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf"


def test_the_lab_opens_no_pitch_without_a_project(app, client):
    from tests.factories import make_pitch, make_team

    lead = make_user()
    pitch = make_pitch(make_team(lead), status="submitted")
    sign_in(client, make_lab_user())
    assert client.get(f"/pitches/{pitch.id}/materials").status_code == 404


def test_partners_and_focus_areas_are_listed(app, client, funded):
    db.session.add(Partner(project_id=funded.project.id, name="RNIB", role="User research"))
    db.session.commit()
    make_focus_area("Digital inclusion", funded.project)
    make_focus_area("Assistive technology", funded.project)
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    text = _text(response)
    assert "RNIB User research Remove RNIB" in text
    doc = _doc(response)
    areas = doc.xpath('//h2[text()="Focus areas"]/following-sibling::ul[1]/li/text()')
    assert areas == ["Assistive technology", "Digital inclusion"]


@pytest.mark.parametrize("status", ["paused", "stopped"])
def test_a_paused_or_stopped_project_says_so_with_its_reason(app, client, funded, status):
    funded.project.status = status
    funded.project.status_reason = "Waiting for the supplier"
    db.session.commit()
    sign_in(client, make_lab_user())
    response = client.get(_url(funded))
    text = _text(response)
    words = "is paused" if status == "paused" else "has stopped"
    assert f"This project {words}: Waiting for the supplier" in text
    assert f"Status {status.capitalize()} Waiting for the supplier" in text
    links = _links(response)
    assert (f"{_url(funded)}/partners/add" in links) is (status == "paused")


def test_the_stage_shows_as_the_lab_named_it(app, client, funded):
    stage = db.session.query(Stage).filter_by(key="discovery").one()
    stage.name, stage.guidance = "Discovery (understand)", "Bring your user research"
    db.session.commit()
    sign_in(client, make_lab_user())
    text = _text(client.get(_url(funded)))
    assert "Current stage Discovery (understand)" in text
    assert "Evidence the lab expects before the next stage Bring your user research" in text


def test_the_sections_other_features_add_show_in_order(app, client, funded, monkeypatch):
    monkeypatch.setattr(project_parts, "_parts", [])

    def second(project, user):
        return Markup('<section><h2 class="govuk-heading-m">Second</h2></section>')

    def first(project, user):
        return Markup('<section><h2 class="govuk-heading-m">First {}</h2></section>').format(
            project.id
        )

    project_parts.add_project_part(20, second)
    project_parts.add_project_part(10, first)
    project_parts.add_project_part(30, lambda project, user: None)
    sign_in(client, make_lab_user())
    headings = _doc(client.get(_url(funded))).xpath("//main//h2/text()")
    assert headings[-2:] == [f"First {funded.project.id}", "Second"]
    assert headings.index("Documents") < headings.index("Second")


# On the team's pitch page ----------------------------------------------------------------------


def test_the_team_s_pitch_page_says_their_idea_is_in_the_lab(app, client, funded):
    sign_in(client, funded.lead)
    response = client.get(f"/pitches/{funded.pitch.id}")
    text = _text(response)
    assert "Your idea is in the innovation lab" in text
    assert "Stage Discovery" in text and "Status Active" in text
    assert _url(funded) in _links(response)


def test_a_pitch_not_in_the_lab_says_nothing_of_it(app, client):
    from tests.decision_factories import closed_panel, sign_decision

    decided = closed_panel("out", "out", "out")
    sign_decision(decided, outcome="not_funded")
    sign_in(client, decided.lead)
    text = _text(client.get(f"/pitches/{decided.pitch.id}"))
    assert "Your idea is in the innovation lab" not in text
