"""Decision letters and panel minutes: accessible PDFs with the right words, for the right
people only.

Every PDF is read back with pikepdf (tags, language, title) and put through the project's own
accessibility checker (``spark.accessibility.files.check_file``), which must find nothing; its
text is read back from the PDF itself (``core.pdf.page_texts``).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pikepdf
import pytest
import weasyprint
from sqlalchemy import event

from spark.accessibility.files import check_file
from spark.accessibility.findings import Severity
from spark.core.filters import to_london
from spark.core.pdf import page_texts, render_pdf
from spark.decisions import documents, service
from spark.extensions import db
from spark.panels.models import Conflict, JudgingSettings
from tests.decision_factories import closed_panel, details, record_decision, sign_decision
from tests.factories import make_user, sign_in
from tests.panel_factories import make_dragon


def text_of(data: bytes) -> str:
    """The PDF's text with runs of white space made single spaces."""
    return re.sub(r"\s+", " ", " ".join(page_texts(data)))


def struct_elements(data: bytes) -> Iterator[pikepdf.Dictionary]:
    """Every element of the PDF's structure tree (tags); the file stays open while they are
    read, so use each one within the loop."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                yield node
                stack.append(node.get("/K"))


def assert_accessible(data: bytes, title: str, tmp_path) -> None:
    """Tagged, in British English, titled and showing its title; nothing for the checker."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root
        assert len(root.StructTreeRoot.K) > 0
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == "en-GB"
        assert str(pdf.docinfo["/Title"]) == title
        with pdf.open_metadata() as meta:
            assert meta["dc:title"] == title
        assert root.ViewerPreferences.DisplayDocTitle is True
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    findings = check_file(path)
    assert [f for f in findings if f.severity == Severity.BLOCKING] == []
    assert findings == []


def with_reference(decided, *references: str):
    for pitch, reference in zip(decided.pitches, references, strict=False):
        pitch.reference = reference
    db.session.commit()
    return decided


# The letter ---------------------------------------------------------------------------------


def test_a_split_funded_letter_is_accessible_and_anonymous(app, client, tmp_path):
    decided = with_reference(closed_panel("in", "in", "out"), "SPK-2027-0042")
    decision = sign_decision(
        decided,
        amount_pence=1_250_000,
        conditions="Show the first prototype to the lab team by March.",
        rationale="A clear problem and a cheap test.",
        dissent=f"{decided.dragons[1].name} (voted Out): the savings are not proven.",
    )
    sign_in(client, decided.lead)
    response = client.get(f"/decisions/{decision.id}/letter.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="decision-letter-SPK-2027-0042.pdf"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = response.data
    title = f"Decision letter: {decided.pitch.title} (SPK-2027-0042)"
    assert_accessible(data, title, tmp_path)
    text = text_of(data)
    for words in (
        f"Decision on your pitch: {decided.pitch.title}",
        decided.pitch.team.name,
        "Funded £12,500",
        "The panel’s vote was split: 2 in, 1 out, 0 recused.",
        "Show the first prototype to the lab team by March.",
        "A clear problem and a cheap test.",
        "Dragon 3 (voted Out): the savings are not proven.",
        "Mean score for each criterion",
        "Dragon 1",
        "Dragon 2",
        "The money is released once your team meets the conditions of the decision.",
        f"Signed by {decided.chair.name}, chair of {decided.panel.name}, on "
        f"{decision.signed_at.day} {decision.signed_at:%B %Y}.",
    ):
        assert words in text, words
    # Anonymous: no dragon is named, not even in the chair's dissent or their own comments;
    # the chair who signed is named once, as the signatory.
    for dragon in decided.dragons:
        assert dragon.name not in text
    assert text.count(decided.chair.name) == 1
    assert "departs from the panel’s vote" not in text


@pytest.mark.parametrize(
    ("chair", "outcome", "sentence"),
    [
        ("in", "funded", "Funded on the chair’s casting vote after a tied vote."),
        ("out", "not_funded", "Not funded: the vote was tied."),
    ],
)
def test_the_letter_never_says_how_the_chair_voted(app, chair, outcome, sentence):
    """The chair signs the letter: the rule's explanation ("the chair voted In") would tell
    the team the chair's vote. The letter and the team's page say it neutrally."""
    others = ("out", "in", "out") if chair == "in" else ("in", "out", "in")
    decided = closed_panel(chair, *others, rule="majority_with_chair_casting")
    decision = sign_decision(decided, outcome=outcome, amount_pence=1_000_000)
    assert "the chair voted" in decision.rule_explanation  # the chair's own pages say it
    text = text_of(documents.letter_pdf(decision))
    assert sentence in text
    assert "The round’s rule is “Majority, with the chair’s casting vote on a tie”." in text
    assert "chair voted" not in text and "voted In" not in text.replace("voted In than", "")
    assert decision.rule_explanation not in text


def test_names_in_any_case_spacing_or_alone_are_anonymised_in_the_letter(app):
    decided = closed_panel("in", "in", "out")
    outvoted = decided.dragons[1]
    first, last = outvoted.name.split()
    decision = sign_decision(
        decided,
        amount_pence=1_000_000,
        dissent=f"{outvoted.name.upper()} (voted Out): the savings are not proven.",
        rationale=f"{first.lower()}  {last.lower()} was outvoted; {first} agreed to differ.",
        conditions=f"{last} will mentor the team.",
    )
    text = text_of(documents.letter_pdf(decision))
    assert "Dragon 3 (voted Out): the savings are not proven." in text
    assert "Dragon 3 was outvoted; Dragon 3 agreed to differ." in text
    # Every dragon of closed_panel shares a last name: alone, it could be any of them.
    assert "a panel member will mentor the team." in text
    for dragon in decided.dragons:
        for part in dragon.name.split():
            assert not re.search(rf"\b{part}\b", text, re.IGNORECASE), part


LONG_URL = ("https://example.gov.uk/evidence?ref=" + "A1b2C3d4" * 50)[:400]


def overrun(html: str) -> float:
    """How far (in CSS pixels) the furthest box of the rendered document reaches past the
    right edge of its page's content area: 0 or less when everything fits."""
    furthest = float("-inf")
    for page in weasyprint.HTML(string=html).render().pages:
        page_box = page._page_box
        edge = page_box.margin_width() - page_box.margin_right
        boxes = [page_box]
        while boxes:
            box = boxes.pop()
            if isinstance(getattr(box, "width", None), int | float):
                furthest = max(furthest, box.position_x + box.width - edge)
            boxes.extend(getattr(box, "children", None) or [])
    return furthest


def test_a_long_web_address_wraps_inside_the_page(app, tmp_path):
    """A 400-character address with nowhere to break, in the letter's paragraphs and in the
    minutes' table cells, breaks anywhere rather than run off the page."""
    assert len(LONG_URL) == 400
    decided = closed_panel("in", "in", "out")
    decision = sign_decision(
        decided, amount_pence=1_000_000, rationale=LONG_URL, conditions=LONG_URL, dissent=LONG_URL
    )
    letter, minutes = documents.letter_html(decision), documents.minutes_html(decided.panel)
    assert overrun(letter) <= 0.01
    assert overrun(minutes) <= 0.01
    for data in (documents.letter_pdf(decision), documents.minutes_pdf(decided.panel)):
        assert LONG_URL in re.sub(r"\s+", "", " ".join(page_texts(data)))
    assert_accessible(documents.letter_pdf(decision), documents.letter_title(decision), tmp_path)


def test_table_headers_have_scopes(app, tmp_path):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_000_000)
    data = documents.letter_pdf(decision)
    scopes = [str(node.A.Scope) for node in struct_elements(data) if node.S == "/TH"]
    assert "/Column" in scopes and "/Row" in scopes
    assert set(scopes) == {"/Column", "/Row"}


def test_names_shown_when_the_round_says(app):
    decided = closed_panel("in", "in", "in")
    db.session.get(JudgingSettings, decided.round.id).feedback_shows_names = True
    db.session.commit()
    decision = sign_decision(decided, amount_pence=1_000_000)
    text = text_of(documents.letter_pdf(decision))
    assert "The panel’s vote was unanimous: 3 in, 0 out, 0 recused." in text
    for dragon in decided.dragons:
        assert dragon.name in text
    assert "Dragon 1" not in text
    assert "Dragons are not named" not in text


def test_a_departing_decision_is_flagged_with_its_justification(app):
    decided = closed_panel("in", "in", "out")
    decision = sign_decision(
        decided,
        outcome="not_funded",
        justification="The pot is better spent on the two pitches that scored higher.",
    )
    text = text_of(documents.letter_pdf(decision))
    assert "Not funded" in text
    assert "This decision departs from the panel’s vote." in text
    assert "The pot is better spent on the two pitches that scored higher." in text
    assert "You are welcome to pitch again in a later round" in text


def test_refine_and_resubmit_next_steps(app):
    decided = closed_panel("in", "out", None, quorum=3)
    decision = sign_decision(decided, outcome="refine_and_resubmit")
    text = text_of(documents.letter_pdf(decision))
    assert "Refine and resubmit" in text
    assert "1 in, 1 out, 0 recused, 1 did not vote" in text
    assert "copy this pitch into a new draft for a later round" in text


def test_an_amendment_says_what_it_replaces_and_the_old_letter_says_it_was_replaced(app):
    decided = closed_panel("in", "in", "in")
    first = sign_decision(decided, amount_pence=1_000_000)
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slot,
        details(amount_pence=800_000, amendment_reason="The ask included VAT twice."),
    )
    amendment = service.sign(
        decided.chair, decided.panel, decided.slot, seen_version=amendment.version
    )
    new = text_of(documents.letter_pdf(amendment))
    day = f"{first.signed_at.day} {first.signed_at:%B %Y}"
    assert f"This decision replaces the decision of {day}: The ask included VAT twice." in new
    assert "Funded £8,000" in new
    old = text_of(documents.letter_pdf(first))
    assert "This decision has been replaced." in old
    assert "The ask included VAT twice." in old
    assert documents.letter_filename(amendment).endswith(f"-amended-{amendment.id}.pdf")


def test_an_unsigned_decision_has_no_letter(app):
    decided = closed_panel("in", "in", "in")
    decision = record_decision(decided, amount_pence=1_000_000)
    with pytest.raises(ValueError, match="not signed"):
        documents.build_letter(decision)


# The minutes --------------------------------------------------------------------------------


def minutes_panel():
    """Three pitches: a split funded decision later amended, a unanimous not-funded one with a
    declared conflict, and one not yet signed."""
    decided = with_reference(
        closed_panel("in", "in", "out", "in", pitches=3),
        "SPK-2027-0001",
        "SPK-2027-0002",
        "SPK-2027-0003",
    )
    recused = decided.dragons[2]
    db.session.add(
        Conflict(pitch_id=decided.pitches[1].id, user_id=recused.id, reason="Used to manage them")
    )
    db.session.commit()
    sign_decision(decided, 0, amount_pence=1_000_000, dissent="Bo thought it too costly.")
    amendment = service.amend(
        decided.chair,
        decided.panel,
        decided.slots[0],
        details(
            amount_pence=900_000,
            amendment_reason="A supplier's quote came in lower.",
            dissent="Bo still thought it too costly.",
        ),
    )
    service.sign(decided.chair, decided.panel, decided.slots[0], seen_version=amendment.version)
    sign_decision(
        decided, 1, outcome="not_funded", justification="The idea is already being built."
    )
    return decided, recused


def test_minutes_list_every_pitch_conflicts_and_amendments(app, client, tmp_path):
    decided, recused = minutes_panel()
    panel = decided.panel
    sign_in(client, decided.chair)
    response = client.get(f"/panels/{panel.id}/minutes.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    day = to_london(panel.starts_at)
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="panel-minutes-{panel.name.replace(" ", "-")}-{day:%Y-%m-%d}.pdf"'
    )
    assert "no-store" in response.headers["Cache-Control"]
    data = response.data
    assert_accessible(data, f"Panel minutes: {panel.name}, {day.day} {day:%B %Y}", tmp_path)
    text = text_of(data)
    for words in (
        f"Minutes of {panel.name}",
        panel.place,
        decided.chair.name,
        recused.name,
        "Used to manage them",
        "Declared by the dragon",
        "1. Idea",
        "3 in, 1 out, 0 recused",  # pitch 1
        "Funded £9,000",
        "A supplier's quote came in lower.",
        "Bo still thought it too costly.",
        "2 in, 1 out, 1 recused",  # pitch 2: one recused
        "Not funded (departs from the panel’s vote)",
        "The idea is already being built.",
        "No decision signed yet",  # pitch 3
    ):
        assert words in text, words
    assert text.index("SPK-2027-0001") < text.index("SPK-2027-0002") < text.index("SPK-2027-0003")


def test_minutes_of_a_panel_without_pitches(app, tmp_path):
    decided = closed_panel("in", "in", "in", pitches=1)
    from spark.panels.models import PanelSlot

    db.session.delete(db.session.get(PanelSlot, decided.slot.id))
    db.session.commit()
    db.session.expire_all()
    data = documents.minutes_pdf(decided.panel)
    text = text_of(data)
    assert "No pitches were routed to this panel." in text
    assert "No conflicts of interest were declared or found." in text


def test_a_table_shorter_than_a_page_is_never_split_over_two(app):
    # WeasyPrint tags each page's part of a table as a table of its own, and only the first
    # part has the caption: the demo's minutes had decision tables in two parts, the second
    # with no caption. Push the minutes down a step at a time so that, at some step, a table
    # would straddle a page break.
    decided = closed_panel("in", "in", "out")
    sign_decision(decided, amount_pence=1_250_000, rationale="A clear problem and a cheap test.")
    html = documents.minutes_html(decided.panel)
    for millimetres in range(150, 256, 5):
        spaced = html.replace("<body>", f'<body><div style="height: {millimetres}mm"></div>', 1)
        for table in pdf_tables(render_pdf(spaced)):
            assert "/Caption" in table, f"a table without its caption at {millimetres} mm"


def pdf_tables(data: bytes) -> list[list[str]]:
    """Each /Table structure element's children, by kind."""
    found = []
    for node in struct_elements(data):
        if str(node.S) == "/Table":
            kids = node.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            found.append([str(k.S) for k in kids if isinstance(k, pikepdf.Dictionary)])
    return found


def count_statements(action) -> int:
    seen = []

    def before(*_args):
        seen.append(1)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", before)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def test_minutes_cost_the_same_queries_whatever_the_number_of_pitches(app):
    """One pitch signed, against six pitches: four signed (one amended), one not, a conflict."""
    from spark.panels.models import Panel

    small = closed_panel("in", "in", "out", pitches=1)
    sign_decision(small, 0, amount_pence=100_000)
    big = closed_panel("in", "in", "out", "in", pitches=6)
    for index in range(4):
        sign_decision(big, index, amount_pence=100_000)
    amendment = service.amend(
        big.chair, big.panel, big.slots[0], details(amount_pence=90_000, amendment_reason="Less")
    )
    service.sign(big.chair, big.panel, big.slots[0], seen_version=amendment.version)
    db.session.add(Conflict(pitch_id=big.pitches[5].id, user_id=big.dragons[0].id, reason="Ex"))
    db.session.commit()
    counts = []
    for panel_id in (small.panel.id, big.panel.id):
        db.session.expunge_all()
        counts.append(
            count_statements(
                lambda panel_id=panel_id: documents.minutes_html(db.session.get(Panel, panel_id))
            )
        )
    assert counts[0] == counts[1]


# Who may download them ----------------------------------------------------------------------


@pytest.fixture
def signed(app):
    decided = closed_panel("in", "in", "in")
    decision = sign_decision(decided, amount_pence=1_000_000)
    return decided, decision


def status_for(client, user, url) -> int:
    client.get("/sign-out")
    if user is not None:
        sign_in(client, user)
    return client.get(url).status_code


@pytest.mark.parametrize(
    ("who", "letter", "minutes"),
    [
        ("team member", 200, 404),
        ("other user", 404, 404),
        ("dragon", 404, 404),
        ("chair", 200, 200),
        ("organiser", 200, 200),
        ("lab", 200, 404),  # a funded decision: the lab follows its conditions
    ],
)
def test_who_may_download(client, signed, who, letter, minutes):
    decided, decision = signed
    people = {
        "team member": lambda: decided.lead,
        "other user": lambda: make_user(),
        "dragon": lambda: decided.dragons[0],
        "chair": lambda: decided.chair,
        "organiser": lambda: make_user(roles=("organiser",)),
        "lab": lambda: make_user(roles=("lab",)),
    }
    user = people[who]()
    assert status_for(client, user, f"/decisions/{decision.id}/letter.pdf") == letter
    assert status_for(client, user, f"/panels/{decided.panel.id}/minutes.pdf") == minutes


def test_the_lab_may_not_read_a_letter_that_funds_nothing(client):
    decided = closed_panel("in", "out", "out")
    decision = sign_decision(decided, outcome="not_funded")
    lab = make_user(roles=("lab",))
    assert status_for(client, lab, f"/decisions/{decision.id}/letter.pdf") == 404


def test_signed_out_visitors_go_to_sign_in(client, signed):
    decided, decision = signed
    for url in (f"/decisions/{decision.id}/letter.pdf", f"/panels/{decided.panel.id}/minutes.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/sign-in?next=")


def test_an_unsigned_or_unknown_decision_is_not_found_even_for_its_team(app, client):
    decided = closed_panel("in", "in", "in")
    decision = record_decision(decided, amount_pence=1_000_000)
    for user in (decided.lead, decided.chair, make_user(roles=("organiser",))):
        assert status_for(client, user, f"/decisions/{decision.id}/letter.pdf") == 404
        assert status_for(client, user, "/decisions/999999/letter.pdf") == 404
        assert status_for(client, user, "/panels/999999/minutes.pdf") == 404


def test_a_team_member_who_is_not_the_lead_may_read_the_letter(client, signed):
    from spark.accounts.models import TeamMember

    decided, decision = signed
    colleague = make_dragon(name="Cal Colleague")
    db.session.add(TeamMember(team_id=decided.pitch.team_id, user_id=colleague.id))
    db.session.commit()
    assert status_for(client, colleague, f"/decisions/{decision.id}/letter.pdf") == 200


def test_dates_are_london_dates(app):
    decided = closed_panel("in", "in", "in")
    decided.panel.starts_at = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 1 July in London
    db.session.commit()
    assert documents.minutes_filename(decided.panel).endswith("-2026-07-01.pdf")


def test_the_chair_and_organisers_find_the_minutes_link(client, organiser):
    decided = closed_panel("in", "in", "in")
    sign_decision(decided)
    minutes = f"/panels/{decided.panel.id}/minutes.pdf"
    page = client.get(f"/rounds/{decided.round.id}/panels/{decided.panel.id}").get_data(
        as_text=True
    )
    assert minutes in page
    client.get("/sign-out")
    sign_in(client, decided.chair)
    control = client.get(f"/panels/{decided.panel.id}/chair/").get_data(as_text=True)
    assert minutes in control
    # The decided pitch can no longer be reopened from the control page.
    assert f"/slots/{decided.slot.id}/reopen-scoring" not in control


def test_a_chair_recused_from_a_pitch_reads_neither_its_letter_nor_the_minutes(client):
    from spark.extensions import db
    from spark.panels.models import Conflict

    decided = closed_panel("in", "in", "in", "in", pitches=2)
    letters = [sign_decision(decided, index) for index in (0, 1)]
    db.session.add(Conflict(pitch_id=decided.pitches[1].id, user_id=decided.chair.id, reason="Ex"))
    db.session.commit()
    sign_in(client, decided.chair)
    assert client.get(f"/decisions/{letters[0].id}/letter.pdf").status_code == 200
    assert client.get(f"/decisions/{letters[1].id}/letter.pdf").status_code == 404
    assert client.get(f"/panels/{decided.panel.id}/minutes.pdf").status_code == 404
