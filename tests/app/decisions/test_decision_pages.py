"""The chair's decision page: the panel's named votes, the sheets and figures, the rule's result,
recording and changing the decision (with GOV.UK errors, nothing typed lost), no quorum, a
stale page, scoring not closed, and each pitch's decision status on the control page.

Every sheet built by ``closed_panel`` scores 4, 3, 5, 4, 3, 4 on the six default criteria
(weight 1 each), so a sheet's weighted mean is 23 / 6 = 3.83 unless a test changes it.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from spark.decisions import recording, service
from spark.decisions.models import Decision
from spark.extensions import db
from spark.panels.models import Score, ScoreSheet
from tests.decision_factories import closed_panel, record_decision, sign_decision
from tests.factories import sign_in


def url(decided, index: int = 0, what: str = "") -> str:
    base = f"/panels/{decided.panel.id}/decisions/{decided.pitches[index].id}"
    return f"{base}/{what}" if what else base


def text(response) -> str:
    """The page's words, tags stripped and spaces squeezed."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def decisions_of(pitch) -> list[Decision]:
    db.session.expire_all()
    return list(db.session.scalars(select(Decision).where(Decision.pitch_id == pitch.id)))


def set_scores(pitch, dragon, score: int) -> None:
    """Every criterion on ``dragon``'s sheet for ``pitch`` scores ``score``."""
    sheet = db.session.scalar(
        select(ScoreSheet).where(ScoreSheet.pitch_id == pitch.id, ScoreSheet.dragon_id == dragon.id)
    )
    for row in db.session.scalars(select(Score).where(Score.sheet_id == sheet.id)):
        row.score = score
    db.session.commit()


def answers(**fields) -> dict[str, str]:
    typed = {
        "outcome": "funded",
        "amount": "15,000",
        "conditions": "",
        "rationale": "A clear problem and a cheap test.",
        "dissent": "",
        "justification": "",
        "seen_version": "",
    }
    typed.update(fields)
    return typed


@pytest.fixture
def unanimous(app, client):
    decided = closed_panel("in", "in", "in")
    sign_in(client, decided.chair)
    return decided


@pytest.fixture
def split(app, client):
    decided = closed_panel("in", "in", "out")
    set_scores(decided.pitch, decided.dragons[1], 2)
    sign_in(client, decided.chair)
    return decided


# What the page shows ------------------------------------------------------------------------


def test_a_unanimous_vote_with_names_tally_rule_and_means(unanimous, client):
    response = client.get(url(unanimous))
    assert response.status_code == 200
    page = text(response)
    assert "Decision on Idea" in page and "Not recorded" in page
    assert f"{unanimous.chair.name} (chair) In 3.83 {unanimous.chair.name} voted in" in page
    for dragon in unanimous.dragons:
        assert f"{dragon.name} In 3.83 {dragon.name} voted in" in page
    assert "Unanimous or split Unanimous" in page
    assert "Tally 3 in, 0 out, 0 recused" in page
    assert "Quorum Met: 3 votes cast, and the quorum is 3" in page
    assert "Funded: more dragons voted In than Out (3 In, 0 Out)." in page
    assert "Pitch mean 3.83 out of 5" in page
    assert "from 3.83 to 3.83 (standard deviation 0.00)" in page
    assert "Weighted mean 3.83 3.83 3.83" in page
    # One sheet each in the round: only centred on their mean.
    assert "Normalised score +0.00 points +0.00 points +0.00 points" in page
    # The wide table scrolls in its own focusable region.
    html = response.get_data(as_text=True)
    assert (
        'class="spark-table-scroll" role="region" aria-label="Scores on each sheet" tabindex="0"'
        in html
    )
    # Everything on offer, the rule's own outcome marked; nobody dissents.
    for value in ("funded", "not_funded", "refine_and_resubmit"):
        assert f'value="{value}"' in html
    assert "The panel’s vote gives this outcome. The idea moves into the Spark! lab" in page
    assert re.search(r'<textarea[^>]*name="dissent"[^>]*>\s*</textarea>', html)


def test_a_split_vote_names_the_minority_and_prefills_the_dissent(split, client):
    response = client.get(url(split))
    page = text(response)
    out = split.dragons[1]
    assert "Unanimous or split Split" in page
    assert "Tally 2 in, 1 out, 0 recused" in page
    assert "Funded: more dragons voted In than Out (2 In, 1 Out)." in page
    assert f"{out.name} Out 2.00 {out.name} voted out" in page
    # (3.83 + 3.83 + 2) / 3 = 3.22; population sd of the three 0.86.
    assert "Pitch mean 3.22 out of 5" in page
    assert "from 2.00 to 3.83 (standard deviation 0.86)" in page
    assert "Weighted mean 3.83 3.83 2.00" in page
    assert f"{out.name} (voted Out): {out.name} voted out</textarea>" in response.get_data(
        as_text=True
    )
    # The verdicts are words, not numbers: not right-aligned as the scores are.
    html = response.get_data(as_text=True)
    verdicts = html.split(">Verdict</th>")[1].split("</tr>")[0]
    assert verdicts.count('<td class="govuk-table__cell">') == 3
    assert "numeric" not in verdicts


def test_recused_and_absent_members_reasons_are_not_applicable(app, client):
    from spark.panels.models import Conflict

    decided = closed_panel("in", "in", "in", None)
    db.session.add(
        Conflict(pitch_id=decided.pitch.id, user_id=decided.dragons[0].id, reason="Old boss")
    )
    db.session.commit()
    sign_in(client, decided.chair)
    page = text(client.get(url(decided)))
    assert f"{decided.dragons[0].name} Recused – Not applicable" in page
    assert f"{decided.dragons[2].name} Did not vote – Not applicable" in page


def test_normalised_scores_are_over_each_dragons_sheets_in_the_round(app, client):
    decided = closed_panel("in", "in", "out", pitches=3)
    for pitch, score in zip(decided.pitches, (5, 3, 1), strict=True):
        set_scores(pitch, decided.chair, score)
    sign_in(client, decided.chair)
    # The chair's means 5, 3, 1: mean 3, population sd 1.633, so the first is +1.22 and the
    # last -1.22; the dragons marked every pitch alike (sd 0), so theirs are only centred.
    assert "Normalised score +1.22 +0.00 points +0.00 points" in text(client.get(url(decided)))
    assert "Normalised score −1.22 +0.00 points" in text(client.get(url(decided, 2)))


def test_the_page_costs_the_same_queries_for_a_bigger_round(app):
    from tests.app.test_panel_query_counts import repeated, statements_of

    def count(decided) -> list[str]:
        client = app.test_client()
        sign_in(client, decided.chair)
        record_decision(decided)
        sign_decision(decided, 1)
        return statements_of(client, url(decided))

    small = count(closed_panel("in", "in", "out", pitches=2))
    big = count(closed_panel("in", "in", "out", "in", "out", "in", pitches=8))
    assert len(big) == len(small), repeated(small, big)


# Recording ----------------------------------------------------------------------------------


def test_recording_redirects_with_a_banner_and_shows_it_to_check_and_sign(split, client):
    typed = answers(amount="£12,500.50", conditions="Report back in March.")
    response = client.post(url(split), data=typed)
    assert response.status_code == 302 and response.headers["Location"] == url(split)
    (decision,) = decisions_of(split.pitch)
    assert (decision.outcome, decision.amount_pence) == ("funded", 1_250_050)
    assert decision.conditions == "Report back in March." and decision.signed_at is None
    page = client.get(url(split))
    words = text(page)
    assert "Decision recorded. Check it, then sign it" in words
    assert "Recorded, not signed" in words
    assert "Outcome Funded: £12,500.50" in words
    html = page.get_data(as_text=True)
    assert f'href="{url(split)}?change=yes#outcome"' in html
    assert f'href="{url(split, what="sign")}"' in html and "Sign the decision" in words
    assert 'name="outcome"' not in html  # the summary, not the form


def test_changing_the_recorded_decision(split, client):
    decision = record_decision(split, amount_pence=1_000_000)
    form = client.get(url(split) + "?change=yes")
    html = form.get_data(as_text=True)
    assert 'name="seen_version" type="hidden" value="1"' in html or (
        re.search(r'name="seen_version"[^>]*value="1"', html)
    )
    assert 'value="10,000"' in html
    response = client.post(url(split), data=answers(amount="11,000", seen_version="1"))
    assert response.status_code == 302
    (changed,) = decisions_of(split.pitch)
    assert changed.id == decision.id and changed.amount_pence == 1_100_000


@pytest.mark.parametrize(
    ("typed", "field", "message"),
    [
        ({"outcome": ""}, "outcome", "Select the panel’s decision"),
        ({"amount": ""}, "amount", "Enter the amount awarded"),
        ({"amount": "12k"}, "amount", "Enter the amount awarded in pounds, like 12,500"),
        ({"amount": "25,000"}, "amount", "The amount cannot be more than the team asked for"),
        (
            {"outcome": "not_funded"},
            "justification",
            "Explain why the decision departs from the panel’s vote: the round’s rule gives funded",
        ),
    ],
)
def test_problems_are_shown_on_the_form_with_everything_kept(split, client, typed, field, message):
    sent = answers(conditions="Keep this <b>safe</b>", dissent="Dragon said no", **typed)
    response = client.post(url(split), data=sent)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "<title>Error: Decision on" in html
    assert "There is a problem" in html
    assert f'href="#{field}"' in html
    assert message in unescape(html)
    assert "Keep this &lt;b&gt;safe&lt;/b&gt;</textarea>" in html
    assert "Dragon said no</textarea>" in html
    if sent["amount"]:
        assert f'value="{sent["amount"]}"' in html
    assert decisions_of(split.pitch) == []


def test_the_amount_cannot_pass_what_is_left_in_the_pot(app, client):
    decided = closed_panel("in", "in", "in", pot_pence=1_000_000)
    sign_in(client, decided.chair)
    response = client.post(url(decided), data=answers(amount="15,000"))
    assert response.status_code == 400
    assert (
        "The amount cannot be more than what is left in the pot: only £10,000 is left in the "
        "round’s £10,000 pot" in text(response)
    )
    assert decisions_of(decided.pitch) == []


def test_a_decision_departing_from_the_vote_is_flagged_with_its_justification(split, client):
    typed = answers(outcome="not_funded", amount="", justification="The costs are not credible.")
    assert client.post(url(split), data=typed).status_code == 302
    response = client.get(url(split))
    words = text(response)
    assert f"Not funded {recording.DEPARTS_FLAG}" in words
    assert "Why it departs from the panel’s vote The costs are not credible." in words
    # One colour for the flag everywhere: the team's and the round results' purple.
    html = response.get_data(as_text=True)
    assert re.search(
        r'<strong class="govuk-tag govuk-tag--purple">\s*' + recording.DEPARTS_FLAG, html
    )
    assert "govuk-tag--red" not in html
    # The chair's control page flags it beside the decision's status.
    control = client.get(f"/panels/{split.panel.id}/chair/")
    assert f"Recorded, not signed {recording.DEPARTS_FLAG} View decision" in text(control)
    assert re.search(
        r'<strong class="govuk-tag govuk-tag--purple">\s*' + recording.DEPARTS_FLAG,
        control.get_data(as_text=True),
    )


def test_without_quorum_only_refine_and_resubmit_is_offered(app, client):
    decided = closed_panel("in", "in", None)
    sign_in(client, decided.chair)
    response = client.get(url(decided))
    html, words = response.get_data(as_text=True), text(response)
    assert "Quorum Not met: 2 votes cast, and the quorum is 3" in words
    assert 'value="refine_and_resubmit"' in html
    assert 'value="funded"' not in html and 'value="not_funded"' not in html
    assert "reschedule the pitch" in words
    assert f'href="/panels/{decided.panel.id}/chair/"' in html
    refused = client.post(url(decided), data=answers())
    assert refused.status_code == 400
    assert recording.NO_QUORUM_REFUSAL in text(refused)
    done = client.post(url(decided), data=answers(outcome="refine_and_resubmit", amount=""))
    assert done.status_code == 302
    assert decisions_of(decided.pitch)[0].outcome == "refine_and_resubmit"


def test_a_stale_page_is_refused_with_everything_kept(split, client):
    record_decision(split, amount_pence=1_000_000)
    response = client.post(url(split), data=answers(amount="14,000", seen_version=""))
    assert response.status_code == 409
    assert service.CHANGED in text(response)
    assert "<title>Error: Decision on" in response.get_data(as_text=True)
    assert 'value="14,000"' in response.get_data(as_text=True)
    (decision,) = decisions_of(split.pitch)
    assert decision.amount_pence == 1_000_000


def test_until_scoring_closes_there_is_no_form(unanimous, client):
    unanimous.slot.state = "scoring"
    db.session.commit()
    response = client.get(url(unanimous))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Scoring for this pitch has not closed" in text(response)
    assert f'href="/panels/{unanimous.panel.id}/chair/"' in html
    assert 'name="outcome"' not in html and "voted in" not in html
    refused = client.post(url(unanimous), data=answers())
    assert refused.status_code == 400 and service.NOT_CLOSED in text(refused)
    assert decisions_of(unanimous.pitch) == []


def test_a_pitch_not_on_the_panel_is_not_found(unanimous, client):
    other = closed_panel("in")
    assert client.get(f"/panels/{unanimous.panel.id}/decisions/{other.pitch.id}").status_code == 404
    assert client.get(f"/panels/{unanimous.panel.id}/decisions/999999").status_code == 404


# The chair's control page -------------------------------------------------------------------


def test_the_control_page_links_each_closed_pitch_to_its_decision(app, client):
    decided = closed_panel("in", "in", "in", pitches=4)
    record_decision(decided, 1)
    sign_decision(decided, 2)
    sign_decision(decided, 3)
    service.amend(
        decided.chair,
        decided.panel,
        decided.slots[3],
        service.DecisionDetails(outcome="funded", amount_pence=1_000, amendment_reason="Typo"),
    )
    sign_in(client, decided.chair)
    words = text(client.get(f"/panels/{decided.panel.id}/chair/"))
    for index, (status, link) in enumerate(
        [
            ("Not recorded", "Record decision"),
            ("Recorded, not signed", "View decision"),
            ("Signed", "View decision"),
            ("Amendment not signed", "View decision"),
        ]
    ):
        assert f"{status} {link} for {decided.pitches[index].title}" in words
    decided.slots[0].state = "scoring"
    db.session.commit()
    words = text(client.get(f"/panels/{decided.panel.id}/chair/"))
    assert f"Record decision for {decided.pitches[0].title}" not in words
