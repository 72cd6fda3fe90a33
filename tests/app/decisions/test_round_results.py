"""The round results page and its CSV: pitches with raw and normalised scores, spread, tally
and decision; money awarded against the pot; each dragon's calibration as a chart and a table;
who may see them; and a query count that does not grow with the round.

The round the figures are hand-worked for (every criterion on a sheet gets the same score, so
a sheet's weighted mean is that score whatever the weights):

    Panel A (chair Ada; Ada, Bo, Cy)      Panel B (chair Bo; Bo, Cy)
    Idea 1: Ada 4 in, Bo 3 in, Cy 2 out   Idea 3: Bo 2 out, Cy 1 out
    Idea 2: Ada 5 in, Bo 4 in, Cy 3 in

Pitch means and spreads (population sd): Idea 1 3.00, sd sqrt(2/3) = 0.82; Idea 2 4.00, 0.82;
Idea 3 1.50, 0.50.

Normalised: Ada has 2 sheets, so hers are only centred on her mean 4.5 (Idea 1 −0.5, Idea 2
+0.5); Bo (3, 4, 2: mean 3, sd 0.8165) and Cy (2, 3, 1: mean 2, same sd) are z-scores
(Idea 1 0, Idea 2 +1.2247, Idea 3 −1.2247). Per pitch: Idea 1 (−0.5 + 0 + 0) / 3 = −0.17;
Idea 2 (0.5 + 1.2247 + 1.2247) / 3 = +0.98; Idea 3 −1.22.

Calibration: Ada mean 4.50 (sd 0.50), panels (3 + 4) / 2 = 3.50, +1.00, but 2 sheets: too few
to say. Bo 3.00 (0.82) against (3 + 4 + 1.5) / 3 = 2.83: +0.17, in line. Cy 2.00 (0.82)
against 2.83: −0.83, harsher.

Decisions: Idea 1 split, funded £10,000, signed. Idea 2 unanimous, funded £5,000, signed, then
amended to £6,000 and signed. Idea 3 refine and resubmit, departing from the vote, recorded
but not signed. Pot £50,000: £16,000 awarded to 2 pitches, £34,000 left.
"""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from sqlalchemy import event

from spark.core.audit import utcnow
from spark.decisions.models import Decision
from spark.extensions import db
from spark.panels.models import JudgingSettings
from tests.factories import make_user, sign_in
from tests.panel_factories import (
    criteria_of,
    make_dragon,
    make_judged_round,
    make_panel,
    make_sheet,
    make_team_pitch,
    route,
)

POT = 5_000_000


def decide(pitch, panel, chair, *, signed=True, supersedes=None, **fields) -> Decision:
    """A decision row as the chair's pages would leave it (the tally snapshot as given)."""
    values = {
        "kind": "unanimous",
        "votes_in": 0,
        "votes_out": 0,
        "recused": 0,
        "absent": 0,
        "rule": "majority",
        "quorum": 2,
        "quorum_met": True,
        "rule_outcome": "funded",
        "outcome": "funded",
        "amount_pence": None,
        **fields,
    }
    decision = Decision(
        pitch_id=pitch.id,
        panel_id=panel.id,
        round_id=pitch.round_id,
        recorded_by_id=chair.id,
        supersedes_id=supersedes.id if supersedes else None,
        amendment_reason="The amount was wrong" if supersedes else "",
        signed_by_id=chair.id if signed else None,
        signed_at=utcnow() if signed else None,
        **values,
    )
    db.session.add(decision)
    db.session.commit()
    return decision


class Round:
    """The hand-worked round in the module docstring."""

    def __init__(self, *, decisions: bool = True) -> None:
        self.round = make_judged_round(name="Spark! spring 2027")
        db.session.get(JudgingSettings, self.round.id).pot_pence = POT
        db.session.commit()
        self.ada = make_dragon(name="Ada Dragon")
        self.bo = make_dragon(name="Bo Dragon")
        self.cy = make_dragon(name="Cy Dragon")
        self.panel_a = make_panel(self.round, self.ada, self.bo, self.cy, name="Panel A")
        self.panel_b = make_panel(self.round, self.bo, self.cy, name="Panel B")
        self.ideas = [
            make_team_pitch(self.round, title=f"Idea {n}", reference=f"SPK-2027-{n:04d}")
            for n in (1, 2, 3)
        ]
        route(self.panel_a, self.ideas[0], self.ideas[1], state="closed")
        route(self.panel_b, self.ideas[2], state="closed")
        criteria = criteria_of(self.round)
        marks = [
            (0, self.ada, 4, "in"),
            (0, self.bo, 3, "in"),
            (0, self.cy, 2, "out"),
            (1, self.ada, 5, "in"),
            (1, self.bo, 4, "in"),
            (1, self.cy, 3, "in"),
            (2, self.bo, 2, "out"),
            (2, self.cy, 1, "out"),
        ]
        for index, dragon, score, verdict in marks:
            make_sheet(
                self.ideas[index],
                dragon,
                scores={criterion.id: score for criterion in criteria},
                verdict=verdict,
                status="submitted",
            )
        if decisions:
            self.decide()

    def decide(self) -> None:
        idea1, idea2, idea3 = self.ideas
        self.first = decide(
            idea1, self.panel_a, self.ada, kind="split", votes_in=2, votes_out=1,
            amount_pence=1_000_000,
        )  # fmt: skip
        original = decide(idea2, self.panel_a, self.ada, votes_in=3, amount_pence=500_000)
        decide(idea2, self.panel_a, self.ada, votes_in=3, amount_pence=600_000, supersedes=original)
        decide(
            idea3, self.panel_b, self.bo, signed=False, votes_out=2, quorum=3,
            quorum_met=False, rule_outcome="no_decision", outcome="refine_and_resubmit",
            departs_from_vote=True, justification="They were close",
        )  # fmt: skip

    @property
    def url(self) -> str:
        return f"/rounds/{self.round.id}/results"


@pytest.fixture
def r(app) -> Round:
    return Round()


def rows_of(html: str, table_caption: str) -> list[list[str]]:
    """The text of each body row's cells of the table whose caption starts with
    ``table_caption``, whitespace collapsed."""
    from html.parser import HTMLParser

    class Tables(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.tables: list[tuple[str, list[list[str]]]] = []
            self.in_caption = self.in_body = self.in_cell = False
            self.svg = 0

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append(("", []))
            elif tag == "caption":
                self.in_caption = True
            elif tag == "tbody":
                self.in_body = True
            elif tag == "tr" and self.in_body:
                self.tables[-1][1].append([])
            elif tag in ("td", "th") and self.in_body:
                self.in_cell = True
                self.tables[-1][1][-1].append("")
            elif tag in ("br", "li") and self.in_cell:
                self.tables[-1][1][-1][-1] += " "

        def handle_endtag(self, tag):
            if tag == "caption":
                self.in_caption = False
            elif tag == "tbody":
                self.in_body = False
            elif tag in ("td", "th"):
                self.in_cell = False

        def handle_data(self, data):
            if self.in_caption:
                caption, rows = self.tables[-1]
                self.tables[-1] = (caption + data, rows)
            elif self.in_cell:
                self.tables[-1][1][-1][-1] += data

    parser = Tables()
    parser.feed(html)
    for caption, rows in parser.tables:
        if " ".join(caption.split()).startswith(table_caption):
            return [[" ".join(cell.split()) for cell in row] for row in rows]
    raise AssertionError(f"No table captioned {table_caption!r}")


def text_of(html: str) -> str:
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The page ----------------------------------------------------------------------------------


def test_the_page_shows_the_pot_awarded_and_left(client, organiser, r):
    response = client.get(r.url)
    assert response.status_code == 200
    text = text_of(response.get_data(as_text=True))
    assert "Round results" in text
    assert "Funding pot £50,000" in text
    assert "Awarded £16,000 to 2 pitches" in text
    assert "Left in the pot £34,000" in text
    assert "Panels 2" in text
    assert "Pitches routed 3" in text


def test_every_routed_pitch_with_its_scores_tally_and_decision(client, organiser, r):
    html = client.get(r.url).get_data(as_text=True)
    rows = rows_of(html, "Pitches and decisions")
    assert rows == [
        [
            "Idea 1 SPK-2027-0001, Team " + rows[0][0].split("Team ")[1],
            "Panel A Pitch 1",
            "3.00 3 sheets",
            "\u22120.17",
            "0.82",
            "2 in, 1 out, 0 recused",
            f"Funded £10,000 Split Signed {rows[0][6].split('Signed ')[1]}",
        ],
        [
            "Idea 2 SPK-2027-0002, Team " + rows[1][0].split("Team ")[1],
            "Panel A Pitch 2",
            "4.00 3 sheets",
            "+0.98",
            "0.82",
            "3 in, 0 out, 0 recused",
            f"Funded £6,000 Unanimous Amended Signed {rows[1][6].split('Signed ')[1]}",
        ],
        [
            "Idea 3 SPK-2027-0003, Team " + rows[2][0].split("Team ")[1],
            "Panel B Pitch 1",
            "1.50 2 sheets",
            "\u22121.22",
            "0.50",
            "0 in, 2 out, 0 recused",
            "Refine and resubmit Unanimous Departs from the panel’s vote Not signed yet",
        ],
    ]


def test_the_pitches_can_be_ordered_by_mean_or_normalised_score(client, organiser, r):
    def titles(order: str) -> list[str]:
        html = client.get(f"{r.url}?order={order}").get_data(as_text=True)
        return [row[0].split(" SPK")[0] for row in rows_of(html, "Pitches and decisions")]

    assert titles("panel") == ["Idea 1", "Idea 2", "Idea 3"]
    assert titles("mean") == ["Idea 2", "Idea 1", "Idea 3"]
    assert titles("normalised") == ["Idea 2", "Idea 1", "Idea 3"]
    assert titles("nonsense") == ["Idea 1", "Idea 2", "Idea 3"]
    html = client.get(f"{r.url}?order=mean").get_data(as_text=True)
    assert "Pitches and decisions, by mean score, highest first" in html
    assert 'aria-current="true">Mean score</a> (shown)' in html


def test_calibration_table_gives_each_dragons_figures(client, organiser, r):
    html = client.get(r.url).get_data(as_text=True)
    assert rows_of(html, "How each dragon marks against their panels") == [
        ["Ada Dragon", "2", "4.50", "0.50", "3.50", "+1.00", "Too few sheets to say"],
        ["Bo Dragon", "3", "3.00", "0.82", "2.83", "+0.17", "In line with their panels"],
        ["Cy Dragon", "3", "2.00", "0.82", "2.83", "\u22120.83", "Harsher than their panels"],
    ]


def test_calibration_chart_is_an_accessible_svg_with_a_mark_per_dragon(client, organiser, r):
    html = client.get(r.url).get_data(as_text=True)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert 'role="img"' in svg
    assert 'aria-labelledby="calibration-chart-title calibration-chart-desc"' in svg
    assert 'viewBox="0 0 320 ' in svg and 'width="100%"' in svg
    assert 'style="' not in svg  # the CSP allows no inline styles
    assert '<title id="calibration-chart-title">' in svg
    desc = text_of(svg[svg.index('<desc id="calibration-chart-desc">') : svg.index("</desc>")])
    assert (
        "1 dragon in line with their panels, 1 dragon harsher than their panels, 1 dragon "
        "with too few sheets to say." in desc
    )
    assert "The table after the chart gives the same figures." in desc
    # One filled circle (their mean) and one hollow diamond (panels' mean) per dragon, plus
    # the legend's; words, not colour alone, say what each row shows.
    assert svg.count("<circle") == 4
    assert svg.count("<polygon") == 4
    for words in (
        "Ada Dragon",
        "Mean 4.50, panels 3.50: too few sheets",
        "Mean 3.00, panels 2.83: in line",
        "Mean 2.00, panels 2.83: harsher",
    ):
        assert words in svg
    # Ada's circle at 4.5 on a scale from x=20 (1) to x=300 (5): 20 + 3.5/4 * 280 = 265.
    assert 'cx="265.0"' in svg


def test_an_unsigned_amendment_leaves_the_signed_decision_in_force(client, organiser, r):
    decide(
        r.ideas[0], r.panel_a, r.ada, signed=False, supersedes=r.first, kind="split",
        votes_in=2, votes_out=1, amount_pence=2_000_000,
    )  # fmt: skip
    html = client.get(r.url).get_data(as_text=True)
    first = rows_of(html, "Pitches and decisions")[0]
    assert first[6].startswith("Funded £10,000 Split Signed")
    assert first[6].endswith("Amendment not signed yet")
    assert "Awarded £16,000 to 2 pitches" in text_of(html)


def test_pitches_with_no_decision_show_a_tally_counted_from_the_sheets(client, organiser):
    r = Round(decisions=False)
    late = make_team_pitch(r.round, title="Idea 4")
    route(r.panel_b, late, state="scoring")
    make_sheet(late, r.bo, scores={c.id: 4 for c in criteria_of(r.round)}, status="draft")
    html = client.get(r.url).get_data(as_text=True)
    rows = rows_of(html, "Pitches and decisions")
    assert [row[5] for row in rows] == [
        "2 in, 1 out, 0 recused",
        "3 in, 0 out, 0 recused",
        "0 in, 2 out, 0 recused",
        "0 in, 0 out, 0 recused, 2 did not vote",
    ]
    assert {row[6] for row in rows} == {"No decision yet"}
    assert rows[3][2:5] == ["No sheets", "None", "None"]
    assert "Awarded £0 to 0 pitches" in text_of(html)
    assert "Left in the pot £50,000" in text_of(html)


def test_a_recused_dragons_sheet_does_not_count(client, organiser, r):
    from spark.panels.models import Conflict

    db.session.add(Conflict(pitch_id=r.ideas[0].id, user_id=r.cy.id, reason="My sister"))
    db.session.commit()
    html = client.get(r.url).get_data(as_text=True)
    # Idea 1 is now Ada 4 and Bo 3: mean 3.50, spread 0.50.
    first = rows_of(html, "Pitches and decisions")[0]
    assert first[2:5][0] == "3.50 2 sheets" and first[4] == "0.50"
    cy = rows_of(html, "How each dragon marks against their panels")[2]
    assert cy[:2] == ["Cy Dragon", "2"]


def test_a_round_without_panels_reads_sensibly(client, organiser):
    round_ = make_judged_round(name="Spark! autumn 2027")
    response = client.get(f"/rounds/{round_.id}/results")
    assert response.status_code == 200
    text = text_of(response.get_data(as_text=True))
    assert "Funding pot Not set" in text
    assert "Awarded £0 to 0 pitches" in text
    assert "This round has no panels yet, so no pitches have been judged." in text
    assert "No dragon has submitted a score sheet in this round yet" in text
    assert "<svg" not in response.get_data(as_text=True)
    assert "<table" not in response.get_data(as_text=True)


def test_the_round_and_chair_pages_link_to_the_results(client, organiser, r):
    assert r.url in client.get(f"/rounds/{r.round.id}").get_data(as_text=True)
    client.get("/sign-out")
    sign_in(client, r.ada)
    assert r.url in client.get(f"/panels/{r.panel_a.id}/chair/").get_data(as_text=True)


def test_decisions_made_through_the_service_show_and_count(client, organiser):
    """The chair's real journey: a signed decision, an amendment, a decision not signed."""
    from spark.decisions import reads, service
    from tests.decision_factories import closed_panel, details, record_decision, sign_decision

    decided = closed_panel("in", "in", "out", pitches=3)
    sign_decision(decided, 0, amount_pence=1_500_000)
    sign_decision(decided, 1, amount_pence=1_000_000)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slots[1],
        details(amount_pence=1_200_000, amendment_reason="The costs were added up wrongly"),
    )
    service.sign(decided.chair, decided.panel, decided.slots[1], seen_version=amendment.version)
    # 2 in, 1 out is funded under the majority rule: not funded departs from the vote.
    record_decision(decided, 2, outcome="not_funded", justification="The costs are not credible")
    html = client.get(f"/rounds/{decided.round.id}/results").get_data(as_text=True)
    text = text_of(html)
    assert "Awarded £27,000 to 2 pitches" in text
    assert reads.awarded_pence(decided.round.id) == 2_700_000
    assert "Left in the pot £23,000" in text
    decisions = [row[6] for row in rows_of(html, "Pitches and decisions")]
    assert decisions[0].startswith("Funded £15,000 Split Signed")
    assert decisions[1].startswith("Funded £12,000 Split Amended Signed")
    assert decisions[2] == "Not funded Split Departs from the panel’s vote Not signed yet"


# Who may see them ----------------------------------------------------------------------------


def test_organisers_and_the_rounds_chairs_may_see_the_results(client, r):
    other_round = make_judged_round()
    outsider_chair = make_dragon(name="Olu Other")
    make_panel(other_round, outsider_chair, name="Elsewhere")
    team_lead = r.ideas[0].team.members[0].user
    expected = [
        (make_user(roles=("organiser",)), 200),
        (r.ada, 200),  # chair of Panel A
        (r.bo, 200),  # chair of Panel B
        (r.cy, 404),  # a dragon, chairing nothing
        (outsider_chair, 404),  # chair in another round
        (team_lead, 404),
        (make_user(roles=("lab",)), 404),
    ]
    for person, status in expected:
        client.get("/sign-out")
        sign_in(client, person)
        for url in (r.url, r.url + ".csv"):
            assert client.get(url).status_code == status, (person.name, url)


def join_team(pitch, user) -> None:
    from spark.accounts.models import MEMBER, TeamMember

    db.session.add(TeamMember(team_id=pitch.team_id, user_id=user.id, role=MEMBER))
    db.session.commit()


def csv_rows(client, url: str) -> list[dict[str, str]]:
    data = client.get(url + ".csv").get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data, newline="")))
    return [dict(zip(table[0], row, strict=True)) for row in table[1:]]


def titles_of(html: str, caption: str = "Pitches and decisions") -> list[str]:
    return [row[0].split(" SPK")[0] for row in rows_of(html, caption)]


def dragons_of(html: str) -> list[str]:
    return [row[0] for row in rows_of(html, "How each dragon marks against their panels")]


def test_a_chair_sees_only_the_panels_they_chair(client, r):
    sign_in(client, make_user(roles=("organiser",)))
    organiser_view = rows_of(
        client.get(r.url).get_data(as_text=True), "How each dragon marks against their panels"
    )
    client.get("/sign-out")
    sign_in(client, r.ada)  # chairs Panel A (Ada, Bo, Cy)
    html = client.get(r.url).get_data(as_text=True)
    assert titles_of(html) == ["Idea 1", "Idea 2"]
    assert "Panels you chair Panel A" in text_of(html)
    assert "Pitches on your panels 2" in text_of(html)
    assert "Awarded £16,000 to 2 pitches" in text_of(html)  # the round's pot, as organisers see
    assert "Refine and resubmit" not in html  # Panel B's unsigned decision
    # Each dragon's figures are the organiser's: over all their sheets in the round.
    assert rows_of(html, "How each dragon marks against their panels") == organiser_view
    assert [row["Title"] for row in csv_rows(client, r.url)] == ["Idea 1", "Idea 2"]

    client.get("/sign-out")
    sign_in(client, r.bo)  # chairs Panel B (Bo, Cy); a dragon on Panel A
    html = client.get(r.url).get_data(as_text=True)
    assert titles_of(html) == ["Idea 3"]
    assert "Panels you chair Panel B" in text_of(html)
    assert "£10,000" not in html and "£6,000" not in html  # Panel A's decisions
    assert dragons_of(html) == ["Bo Dragon", "Cy Dragon"]  # not Ada, who sits on A only
    assert rows_of(html, "How each dragon marks against their panels") == organiser_view[1:]
    assert 'cx="265.0"' not in html  # Ada's mark is not on the chart either
    assert [row["Title"] for row in csv_rows(client, r.url)] == ["Idea 3"]


def test_a_chair_on_the_team_of_another_panels_pitch_sees_nothing_of_it(client, r):
    """The reviewer's case: Bo chairs Panel B and is on the team behind a pitch on Panel A,
    whose decision is recorded but not signed."""
    idea4 = make_team_pitch(r.round, title="Idea 4", reference="SPK-2027-0004")
    route(r.panel_a, idea4, state="closed")
    join_team(idea4, r.bo)
    make_sheet(
        idea4,
        r.ada,
        scores={c.id: 5 for c in criteria_of(r.round)},
        verdict="in",
        status="submitted",
    )
    decide(idea4, r.panel_a, r.ada, signed=False, votes_in=1, amount_pence=1_234_500)
    sign_in(client, r.bo)
    for order in ("panel", "mean", "normalised"):
        html = client.get(f"{r.url}?order={order}").get_data(as_text=True)
        assert titles_of(html) == ["Idea 3"]
        assert "Idea 4" not in html and "12,345" not in html
    rows = csv_rows(client, r.url)
    assert [row["Title"] for row in rows] == ["Idea 3"]
    assert "12345" not in client.get(r.url + ".csv").get_data(as_text=True)
    # The organiser sees it all.
    client.get("/sign-out")
    sign_in(client, make_user(roles=("organiser",)))
    html = client.get(r.url).get_data(as_text=True)
    assert titles_of(html) == ["Idea 1", "Idea 2", "Idea 4", "Idea 3"]
    assert "£12,345" in html


@pytest.mark.parametrize("how", ["on the team", "declared"])
def test_a_chair_recused_from_a_pitch_on_their_panel_sees_its_row_without_figures(client, r, how):
    from spark.decisions import reads
    from spark.panels.models import Conflict

    # Idea 2 (the highest mean) with an amendment being drafted, and Ada recused from it.
    signed = reads.in_force_for([r.ideas[1].id])[r.ideas[1].id]
    decide(r.ideas[1], r.panel_a, r.ada, signed=False, votes_in=3, amount_pence=777_700,
           supersedes=signed)  # fmt: skip
    if how == "on the team":
        join_team(r.ideas[1], r.ada)
    else:
        db.session.add(Conflict(pitch_id=r.ideas[1].id, user_id=r.ada.id, reason="My sister"))
        db.session.commit()
    sign_in(client, r.ada)
    html = client.get(r.url).get_data(as_text=True)
    rows = rows_of(html, "Pitches and decisions")
    assert titles_of(html) == ["Idea 1", "Idea 2"]
    assert rows[1][1:] == [
        "Panel A Pitch 2",
        "Not shown",
        "Not shown",
        "Not shown",
        "Not shown",
        "You are recused from this pitch",
    ]
    assert "You are recused from 1 pitch on your panels." in text_of(html)
    assert "£6,000" not in html and "7,777" not in html
    assert "Pitches on your panels 2" in text_of(html)
    # Withheld figures cannot be read from the order: the row sorts last by score.
    assert titles_of(client.get(f"{r.url}?order=mean").get_data(as_text=True)) == [
        "Idea 1",
        "Idea 2",
    ]
    first, second = csv_rows(client, r.url)
    assert (first["Title"], first["Mean score"], first["Amount (£)"]) == (
        "Idea 1",
        "3.00",
        "10000.00",
    )
    assert second["Title"] == "Idea 2" and second["Panel"] == "Panel A"
    assert second["Decision"] == "You are recused from this pitch"
    withheld = {key: value for key, value in second.items() if key != "Decision"}
    assert all(
        value == ""
        for key, value in withheld.items()
        if key not in ("Reference", "Title", "Team", "Panel", "Position in running order")
    ), withheld


def test_organisers_see_every_row_even_when_they_chair_or_are_recused(client, r):
    organiser = make_user(roles=("organiser",))
    make_panel(r.round, organiser, name="Panel C")
    join_team(r.ideas[2], organiser)
    sign_in(client, organiser)
    html = client.get(r.url).get_data(as_text=True)
    assert titles_of(html) == ["Idea 1", "Idea 2", "Idea 3"]
    assert "Not shown" not in html and "recused from this pitch" not in html
    assert "Panels 3" in text_of(html) and "Pitches routed 3" in text_of(html)
    assert dragons_of(html) == ["Ada Dragon", "Bo Dragon", "Cy Dragon"]
    assert [row["Decision"] for row in csv_rows(client, r.url)] == [
        "Signed",
        "Signed",
        "Not signed yet",
    ]


def test_signed_out_people_are_sent_to_sign_in(client, r):
    for url in (r.url, r.url + ".csv"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_a_round_that_does_not_exist_is_not_found(client, organiser):
    assert client.get("/rounds/999999/results").status_code == 404
    assert client.get("/rounds/999999/results.csv").status_code == 404


# The CSV -------------------------------------------------------------------------------------


def test_the_csv_has_a_row_per_pitch_with_proper_headers(client, organiser, r):
    response = client.get(r.url + ".csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="spark-spring-2027-results.csv"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert table[0] == [
        "Reference",
        "Title",
        "Team",
        "Panel",
        "Position in running order",
        "Sheets counted",
        "Mean score",
        "Normalised score",
        "Spread",
        "In",
        "Out",
        "Recused",
        "Did not vote",
        "Decision",
        "Kind",
        "Outcome",
        "Amount (£)",
        "Departs from vote",
        "Amended",
        "Amendment not signed yet",
        "Signed on",
    ]
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    assert [row["Title"] for row in rows] == ["Idea 1", "Idea 2", "Idea 3"]
    first, second, third = rows
    assert first["Reference"] == "SPK-2027-0001"
    assert first["Panel"] == "Panel A"
    assert (first["Mean score"], first["Normalised score"], first["Spread"]) == (
        "3.00",
        "-0.17",
        "0.82",
    )
    assert (first["In"], first["Out"], first["Recused"], first["Did not vote"]) == (
        "2",
        "1",
        "0",
        "0",
    )
    assert (first["Decision"], first["Kind"], first["Outcome"]) == ("Signed", "Split", "Funded")
    assert first["Amount (£)"] == "10000.00"
    assert first["Departs from vote"] == "No"
    assert len(first["Signed on"]) == 10 and first["Signed on"][4] == "-"
    assert (second["Amount (£)"], second["Amended"]) == ("6000.00", "Yes")
    assert (third["Decision"], third["Outcome"], third["Departs from vote"]) == (
        "Not signed yet",
        "Refine and resubmit",
        "Yes",
    )
    assert third["Amount (£)"] == "" and third["Signed on"] == ""


def test_the_csv_neutralises_formulas_in_titles(client, organiser, r):
    r.ideas[0].title = '=HYPERLINK("http://evil.example","Click")'
    db.session.commit()
    data = client.get(r.url + ".csv").get_data().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(data, newline="")))
    assert table[1][1] == '\'=HYPERLINK("http://evil.example","Click")'
    assert not any(cell.startswith(("=", "+", "@")) for row in table for cell in row)


def test_a_round_without_panels_gives_a_csv_of_headers_only(client, organiser):
    round_ = make_judged_round(name="Spark! été 2027")
    response = client.get(f"/rounds/{round_.id}/results.csv")
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="spark-ete-2027-results.csv"'
    )
    assert response.get_data().decode("utf-8-sig").count("\r\n") == 1


# Queries -------------------------------------------------------------------------------------


def build(pitches: int) -> SimpleNamespace:
    """A round with two panels sharing ``pitches`` pitches, each scored by every dragon and
    decided (the first signed and amended, the others signed or not)."""
    round_ = make_judged_round()
    criteria = criteria_of(round_)
    chair, other = make_dragon(), make_dragon()
    dragons = [make_dragon() for _ in range(1 + pitches // 3)]
    panels = [make_panel(round_, chair, *dragons), make_panel(round_, other, *dragons)]
    for n in range(pitches):
        panel = panels[n % 2]
        pitch = make_team_pitch(round_)
        route(panel, pitch, state="closed")
        for dragon in [panel.chair, *dragons]:
            make_sheet(
                pitch,
                dragon,
                scores={c.id: 1 + (n + dragon.id) % 5 for c in criteria},
                verdict="in",
                status="submitted",
            )
        signed = decide(pitch, panel, panel.chair, amount_pence=10_000, signed=n % 3 != 2)
        if n == 0:
            decide(pitch, panel, panel.chair, amount_pence=20_000, supersedes=signed)
    return SimpleNamespace(round_id=round_.id, chair_email=chair.email)


def statements(app, url: str, email: str) -> list[str]:
    client = app.test_client()
    sign_in(client, SimpleNamespace(email=email))
    found: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        found.append(" ".join(statement.split()))

    for attempt in range(2):
        db.session.remove()
        if attempt:
            event.listen(db.engine, "before_cursor_execute", record)
        try:
            response = client.get(url)
        finally:
            if attempt:
                event.remove(db.engine, "before_cursor_execute", record)
        assert response.status_code == 200, (url, response.status_code)
    return found


@pytest.mark.parametrize("viewer", ["organiser", "chair"])
@pytest.mark.parametrize("suffix", ["", ".csv"])
def test_the_page_runs_as_many_queries_for_a_big_round_as_for_a_small_one(app, suffix, viewer):
    person = make_user(roles=("organiser",))
    small, big = build(pitches=2), build(pitches=12)
    emails = (
        (person.email, person.email)
        if viewer == "organiser"
        else (small.chair_email, big.chair_email)
    )
    few = statements(app, f"/rounds/{small.round_id}/results{suffix}", emails[0])
    many = statements(app, f"/rounds/{big.round_id}/results{suffix}", emails[1])
    assert len(many) == len(few), "\n".join(many)
