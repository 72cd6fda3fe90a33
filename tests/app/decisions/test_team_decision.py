"""What the team sees of the panel's decision: on their pitch page and the decision page."""

from __future__ import annotations

from markupsafe import Markup

from spark.pitches import page_parts
from tests.factories import make_pitch, make_team, make_user, sign_in


def test_a_later_stage_adds_a_part_to_the_team_pitch_page(app, client, monkeypatch):
    monkeypatch.setattr(page_parts, "_parts", [])
    seen = []

    def part(pitch, user):
        seen.append((pitch.id, user.id))
        return Markup('<p class="govuk-body" id="part">A part for {}</p>').format(pitch.title)

    page_parts.add_pitch_page_part(part)
    page_parts.add_pitch_page_part(part)  # once, however often it is added
    page_parts.add_pitch_page_part(lambda pitch, user: None)  # nothing to show
    lead = make_user()
    draft = make_pitch(make_team(lead), title="Desks <b>")
    submitted = make_pitch(draft.team, title="Letters", status="submitted")
    sign_in(client, lead)
    for pitch in (draft, submitted):
        page = client.get(f"/pitches/{pitch.id}").get_data(as_text=True)
        assert page.count('id="part"') == 1
    assert "A part for Desks &lt;b&gt;" in client.get(f"/pitches/{draft.id}").get_data(as_text=True)
    assert seen[0] == (draft.id, lead.id)
