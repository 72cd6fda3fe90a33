"""The `spark` command: demo data for local running."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from spark.accounts.models import RoleGrant, Team, TeamMember, User
from spark.cli import main
from spark.core.audit import AuditEvent, clock_at, utcnow
from spark.core.outbox import OutboxMessage
from spark.core.storage import path_for
from spark.demo import DEMO_PASSWORD, PEOPLE
from spark.demo.decision_texts import DECISION_PITCHES, DECISIONS
from spark.demo.lab_round_texts import LAB_DECISIONS, LAB_PITCHES
from spark.demo.panel_texts import PANEL_PITCHES
from spark.demo.texts import PITCHES
from spark.extensions import db
from spark.panels.models import Conflict, Panel, PanelMember, PanelSlot, Score, ScoreSheet
from spark.pitches import checks, round_service, service
from spark.pitches.models import AccessibilityReport, Pitch, PitchFile, Round
from tests.conftest import make_app


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _role_count(role: str) -> int:
    return _count(select(RoleGrant).where(RoleGrant.role == role).subquery())


def test_demo_seeds_people_and_teams_and_prints_the_sign_ins(app, client):
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert _role_count("organiser") == 1
    assert _role_count("lab") == 1
    dragons = [email for label, _n, email, _d, _r in PEOPLE if label.startswith("dragon")]
    assert len(dragons) == 8
    assert _count(select(User).where(User.email.in_(dragons)).subquery()) == 8
    assert _count(User) == len(PEOPLE)
    assert _count(Team) == 7
    assert _count(TeamMember) == 10
    assert "Demo sign-ins" in result.output
    assert DEMO_PASSWORD in result.output
    assert "What to try:" in result.output
    assert "Sign in as aisha.rahman@dwp.gov.uk to see ‘Plain English benefit letters’" in (
        result.output
    )
    for _label, _name, email, _dept, _roles in PEOPLE:
        assert email in result.output
    organiser = PEOPLE[0][2]
    response = client.post("/sign-in", data={"email": organiser, "password": DEMO_PASSWORD})
    assert response.status_code == 302


SEEDED = (
    User,
    Team,
    TeamMember,
    RoleGrant,
    Round,
    Pitch,
    PitchFile,
    AccessibilityReport,
    AuditEvent,
    OutboxMessage,
    Panel,
    PanelMember,
    PanelSlot,
    ScoreSheet,
    Score,
    Conflict,
)


def _counts() -> tuple[int, ...]:
    return tuple(_count(model) for model in SEEDED)


@pytest.mark.parametrize("london_time", [time(0, 5), time(8, 59), time(23, 55)])
def test_demo_seeds_at_any_time_of_day(app, london_time):
    """The year-old round opened before its first pitches whatever the hour (seeded at five
    past midnight, the demo once refused them: the round opened at 9am that day)."""
    london = ZoneInfo("Europe/London")
    moment = datetime.combine(datetime.now(london).date(), london_time, tzinfo=london)
    with clock_at(moment):
        result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    assert _count(Pitch) == len((*PITCHES, *PANEL_PITCHES, *DECISION_PITCHES, *LAB_PITCHES))


def test_demo_if_empty_does_not_duplicate(app):
    runner = app.test_cli_runner()
    assert runner.invoke(main, ["demo", "--if-empty"]).exit_code == 0
    before = _counts()
    again = runner.invoke(main, ["demo", "--if-empty"])
    assert again.exit_code == 0, again.output
    assert "Demo data already present." in again.output
    assert "Demo sign-ins" in again.output
    assert _counts() == before
    # Without --if-empty it tops up what is missing, and still duplicates nothing.
    assert runner.invoke(main, ["demo"]).exit_code == 0
    assert _counts() == before
    withdrawn = db.session.scalar(select(Pitch).where(Pitch.status == "withdrawn"))
    db.session.delete(withdrawn)
    db.session.commit()
    assert runner.invoke(main, ["demo"]).exit_code == 0
    titles = sorted(s.title for s in (*PITCHES, *PANEL_PITCHES, *DECISION_PITCHES, *LAB_PITCHES))
    assert sorted(db.session.scalars(select(Pitch.title))) == titles
    assert _count(Pitch) == before[SEEDED.index(Pitch)]


# ---------------------------------------------------------------- rounds and pitches


@pytest.fixture
def seeded(app, tmp_path):
    app.config["SPARK_UPLOAD_DIR"] = str(tmp_path / "uploads")
    result = app.test_cli_runner().invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    return app


def _pitch(title: str) -> Pitch:
    return db.session.scalar(select(Pitch).where(Pitch.title == title))


def _utc(moment: datetime) -> datetime:
    """SQLite gives naive times back; they were stored in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _round(name: str) -> Round:
    return db.session.scalar(select(Round).where(Round.name == name))


def test_demo_rounds_are_closed_open_and_draft(seeded):
    now = utcnow()
    autumn = _round("Spark! autumn 2026")
    spring = _round("Spark! spring 2027")
    summer = _round("Spark! summer 2027")
    assert autumn.status == "closed" and _utc(autumn.closes_at) < now
    assert spring.status == "open"
    assert _utc(spring.opens_at) <= now - timedelta(days=6)
    assert _utc(spring.closes_at) >= now + timedelta(weeks=7)
    assert round_service.submission_refusal(spring, now) is None
    assert summer.status == "draft" and _utc(summer.opens_at) > now
    winter = _round("Spark! winter 2025")  # the lab's projects came from it, a year ago
    assert winter.status == "closed" and _utc(winter.opens_at) < now - timedelta(weeks=50)
    actions = [event.action for event in _events("round.")]
    assert actions.count("round.created") == 4
    assert actions.count("round.status_changed") == 7  # autumn and winter 3 steps, spring 1


def _events(prefix: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action.startswith(prefix))))


def test_demo_pitches_are_in_every_status(seeded):
    lab_titles = {spec.title for spec in LAB_PITCHES}
    pitches = [p for p in db.session.scalars(select(Pitch)) if p.title not in lab_titles]
    statuses = {pitch.status for pitch in pitches}
    # The eligible pitches are routed (assigned); each panel's first has pitched; the decided
    # panel's pitches are decided.
    assert statuses == {
        "draft",
        "submitted",
        "assigned",
        "pitched",
        "decided",
        "returned",
        "withdrawn",
    }
    assert all(pitch.round.name == "Spark! spring 2027" for pitch in pitches)
    for spec in PITCHES:
        pitch = _pitch(spec.title)
        routed = ("eligible", "assigned", "pitched")
        assert pitch.status == spec.status or (spec.status == "eligible" and pitch.status in routed)
        assert pitch.ask_pence == spec.ask_pence
        assert pitch.created_by.email == spec.author
        if spec.status != "draft":
            assert pitch.reference.startswith("SPK-")
    returned = next(p for p in pitches if p.status == "returned")
    assert returned.returned_reason.startswith("Your pitch does not say how you will test")
    assert service.is_editable(returned)
    actions = {event.action for event in _events("pitch.")}
    assert {
        "pitch.created",
        "pitch.updated",
        "pitch.file_added",
        "pitch.submitted",
        "pitch.marked_eligible",
        "pitch.returned",
        "pitch.withdrawn",
    } <= actions
    kinds = {message.kind for message in db.session.scalars(select(OutboxMessage))}
    assert {"pitch_submitted", "pitch_eligible", "pitch_returned", "pitch_withdrawn"} <= kinds


def test_demo_draft_with_a_deck_that_has_blocking_findings(seeded, client):
    pitch = _pitch("Plain English benefit letters")
    assert pitch.status == "draft"
    report = checks.latest_report(pitch)
    blocking = [f for f in report.findings if f.severity == "blocking"]
    assert report.blocking == 2
    assert {(f.rule, f.location) for f in blocking} == {
        ("image-alt-missing", "slide 1, picture 'Picture 3'"),
        ("slide-title-missing", "slide 2"),
    }
    assert all(f.item == "Benefit letters pitch.pptx" for f in blocking)
    deck = pitch.files[0]
    assert path_for(seeded.config["SPARK_UPLOAD_DIR"], deck.sha256).is_file()
    client.post("/sign-in", data={"email": "aisha.rahman@dwp.gov.uk", "password": DEMO_PASSWORD})
    page = client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "2 things to fix before you can submit" in page


def test_demo_exemplary_pitch_passes_and_is_before_a_panel(seeded, client):
    pitch = _pitch("Weather warnings in British Sign Language")
    assert pitch.status == "pitched"
    report = service.shown_report(pitch)
    assert (report.blocking, report.warnings, report.advice) == (0, 0, 0)
    main_files = {item.kind: item for item in checks.main_files(pitch)}
    assert set(main_files) == {"deck", "audio", "video"}
    assert main_files["audio"].transcript.startswith("Chloe Evans: Hello")
    captions = main_files["video"].captions
    assert captions.kind == "captions" and captions.mimetype == "text/vtt"
    upload_dir = seeded.config["SPARK_UPLOAD_DIR"]
    assert path_for(upload_dir, captions.sha256).read_bytes().startswith(b"WEBVTT\n\n00:00:00")
    assert all(path_for(upload_dir, item.sha256).is_file() for item in pitch.files)
    client.post(
        "/sign-in", data={"email": "chloe.evans@metoffice.gov.uk", "password": DEMO_PASSWORD}
    )
    page = client.get(f"/pitches/{pitch.id}/accessibility").get_data(as_text=True)
    assert "Nothing to fix" in page
    media = client.get(f"/pitches/{pitch.id}/files/{main_files['video'].id}/view")
    assert media.status_code == 200
    assert "A red warning for wind covers the south west." in media.get_data(as_text=True)


def test_demo_refuses_in_production(migrated_database):
    app = make_app(SPARK_ENV="production")
    with app.app_context():
        result = app.test_cli_runner().invoke(main, ["demo"])
        assert result.exit_code != 0
        assert "never seeded in production" in result.output
        assert "Traceback" not in result.output
        assert _count(User) == 0
        db.session.remove()
        db.engine.dispose()


# ---------------------------------------------------------------- panels


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def test_demo_panels_are_routed_and_scoring_has_started(seeded, client):
    spring = _round("Spark! spring 2027")
    panels = list(db.session.scalars(select(Panel).order_by(Panel.id)))[:2]
    assert [panel.name for panel in panels] == ["Letters and forms", "Warnings and alerts"]
    assert all(panel.round_id == spring.id for panel in panels)
    assert [len(panel.members) for panel in panels] == [4, 4]  # the chair and three dragons
    assert [[slot.state for slot in panel.slots] for panel in panels] == [
        ["scoring", "waiting", "waiting"],
        ["scoring", "waiting"],
    ]
    assert all(panel.current_position == 1 for panel in panels)
    assert {slot.pitch.title for panel in panels for slot in panel.slots} == {
        spec.title for spec in (*PITCHES, *PANEL_PITCHES) if spec.status == "eligible"
    }
    live = [slot.pitch_id for panel in panels for slot in panel.slots]
    sheets = {
        (s.dragon.email, s.status)
        for s in db.session.scalars(select(ScoreSheet).where(ScoreSheet.pitch_id.in_(live)))
    }
    assert sheets == {
        ("tom.okafor@dwp.gov.uk", "submitted"),
        ("gareth.price@justice.gov.uk", "draft"),
        ("kwame.mensah@homeoffice.gov.uk", "submitted"),
    }
    declared = db.session.scalar(select(Conflict))
    assert declared.user.email == "hannah.davies@education.gov.uk"
    assert {"panel.created", "pitch.routed", "slot.scoring_opened", "sheet.submitted"} <= {
        event.action for event in _events("")
    }
    assert {"panel_invitation"} <= {m.kind for m in db.session.scalars(select(OutboxMessage))}

    # A newcomer signs in as the chair and finds a pitch to score.
    client.post("/sign-in", data={"email": "priya.shah@hmrc.gov.uk", "password": DEMO_PASSWORD})
    letters = panels[0]
    page = client.get(f"/panels/{letters.id}").get_data(as_text=True)
    assert "Plain English letters about your property" in page
    assert "To score" in page
    first = letters.slots[0].pitch_id
    assert client.get(f"/panels/{letters.id}/pitches/{first}").status_code == 200
    assert _user("priya.shah@hmrc.gov.uk").id == letters.chair_id


def test_demo_decisions_are_signed_one_of_each_kind(seeded, client):
    from spark.decisions.models import Decision
    from spark.lab.models import LabProject

    panel = db.session.scalar(select(Panel).where(Panel.name == "Services for everyone"))
    assert [slot.state for slot in panel.slots] == ["closed"] * 4
    decisions = {
        d.pitch.title: d
        for d in db.session.scalars(
            select(Decision).where(Decision.panel_id == panel.id).order_by(Decision.id)
        )
    }
    assert list(decisions) == [spec.title for spec in DECISIONS]
    found = [
        (d.kind, d.outcome, d.amount_pence, d.departs_from_vote, d.signed_at is not None)
        for d in decisions.values()
    ]
    assert found == [
        ("unanimous", "funded", 2_400_000, False, True),
        ("split", "funded", 1_400_000, False, True),
        ("split", "not_funded", None, False, True),
        ("split", "refine_and_resubmit", None, True, True),
    ]
    assert all(d.pitch.status == "decided" for d in decisions.values())
    projects = {p.pitch.title for p in db.session.scalars(select(LabProject))}
    funded = [*DECISIONS, *LAB_DECISIONS]
    assert projects == {spec.title for spec in funded if spec.outcome == "funded"}
    assert (
        len([m for m in db.session.scalars(select(OutboxMessage)) if m.kind == "decision_signed"])
        >= 4
    )


def test_demo_lab_has_projects_in_every_stage_with_their_story_so_far(seeded):
    from spark.lab.models import LabProject, MetricReading, Milestone, StageTransition, Story

    projects = list(db.session.scalars(select(LabProject)))
    going = {p.stage for p in projects if p.status != "stopped"}
    assert going == {"discovery", "alpha", "beta", "live", "scaled"}
    [stopped] = [p for p in projects if p.status == "stopped"]
    assert "security rules" in stopped.status_reason
    published = list(db.session.scalars(select(Story).where(Story.status == "published")))
    assert stopped.id in {story.project_id for story in published}  # its lessons learnt
    assert len(published) >= 3
    assert _count(Milestone) >= 15 and _count(MetricReading) >= 15
    # Each step happened when it would have: the scaled project moved over most of a year.
    scaled = next(p for p in projects if p.stage == "scaled")
    moves = list(
        db.session.scalars(
            select(StageTransition)
            .where(StageTransition.project_id == scaled.id)
            .order_by(StageTransition.decided_at)
        )
    )
    assert [m.kind for m in moves] == ["opened", "forward", "forward", "forward", "forward"]
    assert _utc(moves[-1].decided_at) - _utc(moves[0].decided_at) > timedelta(weeks=35)
    overdue = [
        m
        for m in db.session.scalars(select(Milestone))
        if m.done_on is None and m.due_on < utcnow().date()
    ]
    assert overdue  # the board has something to flag
