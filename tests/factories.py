"""Test data: people and teams, made through the same service code the app uses."""

from __future__ import annotations

import itertools

from spark.accounts.models import LEAD, MEMBER, Team, TeamMember, User
from spark.accounts.service import create_user
from spark.extensions import db

PASSWORD = "violet-harbour-kettle-77"
_seq = itertools.count(1)


def make_user(
    *,
    email: str | None = None,
    name: str | None = None,
    roles: tuple[str, ...] = (),
    department: str = "Cabinet Office",
    password: str = PASSWORD,
    active: bool = True,
) -> User:
    n = next(_seq)
    user = create_user(
        email=email or f"person{n}@example.gov.uk",
        name=name or f"Person {n}",
        department=department,
        password=password,
        roles=roles,
    )
    if not active:
        user.active = False
        db.session.commit()
    return user


def make_team(lead: User, *members: User, name: str = "Test team") -> Team:
    team = Team(name=name, department=lead.department)
    team.members = [TeamMember(user=lead, role=LEAD)] + [
        TeamMember(user=member, role=MEMBER) for member in members
    ]
    db.session.add(team)
    db.session.commit()
    return team


def sign_in(client, user: User, password: str = PASSWORD):
    response = client.post("/sign-in", data={"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response


# Accounts journeys: invitations, emails and audit events ------------------------------------


def make_invitation(inviter: User, email: str = "partner@example.org"):
    """An invitation sent through the same service the organisers' page uses."""
    from spark.accounts.admin_service import invite

    return invite(inviter, email)


def invitation_path(invitation) -> str:
    from spark.accounts.tokens import make_invitation_token

    return f"/create-account/invitation/{make_invitation_token(invitation.id)}"


def outbox_messages(kind: str | None = None) -> list:
    from sqlalchemy import select

    from spark.core.outbox import OutboxMessage

    statement = select(OutboxMessage).order_by(OutboxMessage.id)
    if kind:
        statement = statement.where(OutboxMessage.kind == kind)
    return list(db.session.scalars(statement))


def audit_events(action: str | None = None) -> list:
    from sqlalchemy import select

    from spark.core.audit import AuditEvent

    statement = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        statement = statement.where(AuditEvent.action == action)
    return list(db.session.scalars(statement))


def stored_text() -> str:
    """Everything written to the audit log and the outbox, to prove a secret is in neither."""
    parts = [repr((e.action, e.before, e.after)) for e in audit_events()]
    parts += [repr((m.to, m.subject, m.body, m.personalisation)) for m in outbox_messages()]
    return "\n".join(parts)


# Pitches: rounds and pitches, with the fields a test names ------------------------------------


def make_round(*, name: str | None = None, status: str = "open", **fields):
    """A round open from yesterday for a month unless the test says otherwise."""
    from datetime import UTC, datetime, timedelta

    from spark.pitches.models import Round

    now = datetime.now(UTC)
    round_ = Round(
        name=name or f"Spark! round {next(_seq)}",
        opens_at=fields.pop("opens_at", now - timedelta(days=1)),
        closes_at=fields.pop("closes_at", now + timedelta(days=30)),
        status=status,
        **fields,
    )
    db.session.add(round_)
    db.session.commit()
    return round_


def make_pitch(team: Team, *, round=None, status: str = "draft", **fields):  # noqa: A002
    """A pitch for ``team`` in ``round`` (a new open round by default); text fields as given."""
    from spark.pitches.models import Pitch

    lead = next((m.user for m in team.members if m.role == LEAD), None)
    pitch = Pitch(
        team=team,
        round=round or make_round(),
        status=status,
        title=fields.pop("title", "Plain English letters"),
        created_by=lead,
        **fields,
    )
    db.session.add(pitch)
    db.session.commit()
    return pitch


# Teams: invitations to join a team ------------------------------------------------------------


def make_team_invitation(inviter: User, team: Team, email: str = "colleague@example.gov.uk"):
    """An invitation to join ``team``, sent through the same service the team page uses."""
    from spark.accounts.team_service import invite

    return invite(inviter, team, email)


def team_invitation_path(invitation) -> str:
    from spark.accounts.tokens import make_team_invitation_token

    return f"/teams/join/{make_team_invitation_token(invitation.id)}"


# Pitches: a pitch ready to submit, submitted or returned ---------------------------------------

READY_ANSWERS = {
    "title": "Bookable desks in every office",
    "summary": "A page where staff book a desk before they travel to the office.",
    "problem": "Staff travel to the office and find no free desk. They lose an hour looking.",
    "idea": "A simple booking page. Staff pick a desk the day before they come in.",
    "benefits": "Staff save time. Office managers plan space and close floors nobody uses.",
    "ask_pence": 1_250_000,
    "ask_details": "Two developers for three months, and the cost of hosting.",
    "team_details": "Sam builds web pages. Priya runs the Leeds office and knows what staff need.",
}
ALL_MARKED = ["about", "problem", "idea", "benefits", "ask", "team", "materials"]


def make_ready_pitch(team: Team, **fields):
    """A draft with every section answered and marked completed, checked by the accessibility
    checker (nothing blocks, warnings acknowledged): it can be submitted."""
    from spark.core.audit import utcnow
    from spark.pitches import checks

    values = {**READY_ANSWERS, "completed_sections": list(ALL_MARKED), **fields}
    pitch = make_pitch(team, **values)
    report = checks.refresh(pitch)
    report.warnings_acknowledged_at = utcnow() if report.warnings else None
    db.session.commit()
    return pitch


def make_submitted_pitch(team: Team, **fields):
    """A pitch submitted through the same service the submit button uses."""
    from spark.core.audit import utcnow
    from spark.pitches import submission

    pitch = make_ready_pitch(team, **fields)
    lead = team.lead or team.members[0].user
    return submission.submit(pitch, lead, utcnow(), pitch.version)


# Pitch materials: files built in the tests, good and hostile -----------------------------------


def png_bytes(colour: str = "red", size: tuple[int, int] = (20, 20)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


def deck_bytes(alt_text: str | None = None, title: str = "Booking a desk") -> bytes:
    """A one-slide deck with a title and a picture; ``alt_text`` None leaves the picture with
    none (python-pptx would put the file name there)."""
    import io

    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    slide.shapes.title.text = title
    picture = slide.shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(2))
    picture._element.nvPicPr.cNvPr.set("descr", alt_text or "")
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def docx_bytes(heading: str = "Booking a desk") -> bytes:
    import io

    from docx import Document

    doc = Document()
    doc.core_properties.title = heading
    doc.add_heading(heading, level=1)
    doc.add_paragraph("Staff book a desk the day before they come in.")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    import io

    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    buffer = io.BytesIO()
    pdf.save(buffer)
    return buffer.getvalue()


MP3_BYTES = b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 512
MP4_BYTES = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 512
WEBM_BYTES = b"\x1a\x45\xdf\xa3" + b"\x00" * 512
VTT_BYTES = b"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nWe book desks the day before.\n"
SRT_BYTES = b"1\n00:00:01,000 --> 00:00:04,000\nWe book desks the day before.\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 512


def zip_bomb_deck() -> bytes:
    """Looks like a .pptx to the sniffer; one part inflates 20MB of zeros from ~20KB."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        archive.writestr("ppt/presentation.xml", b'<?xml version="1.0"?><p/>')
        archive.writestr("ppt/media/bomb.bin", b"\x00" * (20 * 1024 * 1024))
    return buffer.getvalue()


def entity_bomb_docx() -> bytes:
    """A real .docx whose document part declares a 'billion laughs' entity bomb."""
    import io
    import zipfile

    bomb = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE w:document [\n'
        b'<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">\n'
        + b"".join(
            f'<!ENTITY {chr(98 + n)} "{("&" + chr(97 + n) + ";") * 10}">\n'.encode()
            for n in range(9)
        )
        + b']>\n<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/'
        b'main"><w:body><w:p><w:r><w:t>&j;</w:t></w:r></w:p></w:body></w:document>'
    )
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    buffer = io.BytesIO()
    with source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = bomb if info.filename == "word/document.xml" else source.read(info)
            target.writestr(info.filename, data)
    return buffer.getvalue()


def upload(data: bytes, name: str):
    """A file for the test client's multipart form data."""
    import io

    return (io.BytesIO(data), name)
