"""Demo rounds and pitches, made through the same services the pages use, so every step has
its audit event, its emails in the outbox, its pitch version and its accessibility report.

Pitches reach every status stage 1 has: draft, submitted, eligible, returned and withdrawn;
``spark.demo.panels`` routes the eligible ones to panels (assigned, then pitched). Decided
needs decisions (stage 3), so no demo pitch is decided yet, and the closed autumn round has no
pitches (its pitches would all be decided by now).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime, time

from sqlalchemy import select

from spark.accounts.models import Team, User
from spark.core.money import format_pounds
from spark.demo import files, texts
from spark.demo.people import ORGANISER
from spark.demo.texts import DemoPitch, DemoRound
from spark.extensions import db
from spark.pitches import checks, materials, round_service, screening_service, service, submission
from spark.pitches.materials_storage import Upload
from spark.pitches.models import Pitch, Round
from spark.pitches.rules import ORDER, RoundStatus, london_to_utc, to_london
from spark.pitches.sections import TEXT_SECTIONS


def _on_london_clock(moment: datetime, at: time) -> datetime:
    """The same day as ``moment`` in London, at a round time of day (as organisers type it)."""
    return london_to_utc(to_london(moment).date(), at)


def seed_round(organiser: User, spec: DemoRound, now: datetime) -> Round:
    details = round_service.RoundDetails(
        name=spec.name,
        description=spec.description,
        opens_at=_on_london_clock(now + spec.opens_in, time(9, 0)),
        closes_at=_on_london_clock(now + spec.closes_in, time(12, 0)),
    )
    round_ = round_service.create_round(organiser, details)
    for status in ORDER[1 : ORDER.index(RoundStatus(spec.status)) + 1]:
        round_service.change_status(organiser, round_, status.value)
    return round_


def seed_rounds(organiser: User, now: datetime) -> dict[str, Round]:
    """The demo rounds by name: closed in the past, open now, and a draft for later."""
    rounds = {}
    for spec in texts.ROUNDS:
        existing = db.session.scalar(select(Round).where(Round.name == spec.name))
        rounds[spec.name] = existing or seed_round(organiser, spec, now)
    return rounds


# ---------------------------------------------------------------- materials


def _upload(data: bytes, name: str) -> Upload:
    return Upload(io.BytesIO(data), name)


def _blocking_materials(pitch: Pitch, author: User) -> None:
    """A deck with a picture that has no alt text and a slide with no title."""
    deck = files.deck(pitch.title, texts.BLOCKING_SLIDES)
    materials.add_document(pitch, author, _upload(deck, "Benefit letters pitch.pptx"))


def _exemplary_materials(pitch: Pitch, author: User) -> None:
    """A deck with titles and alt text, an audio overview with its transcript and a BSL
    version, and a video with captions, an audio-described and a BSL version."""
    deck = files.deck(pitch.title, texts.EXEMPLARY_SLIDES)
    materials.add_document(pitch, author, _upload(deck, "BSL weather warnings.pptx"))
    materials.add_audio(
        pitch,
        author,
        _upload(files.silent_wav(), "Audio overview.wav"),
        transcript=texts.AUDIO_TRANSCRIPT,
        bsl_version=_upload(files.placeholder_mp4("audio in BSL"), "Audio overview in BSL.mp4"),
    )
    materials.add_video(
        pitch,
        author,
        _upload(files.placeholder_mp4("warning"), "Example warning.mp4"),
        captions=_upload(files.webvtt(texts.CAPTIONS), "Example warning.vtt"),
        audio_described=_upload(
            files.placeholder_mp4("described"), "Example warning with audio description.mp4"
        ),
        bsl_version=_upload(files.placeholder_mp4("BSL"), "Example warning in BSL.mp4"),
    )


MATERIALS: dict[str, Callable[[Pitch, User], None]] = {
    "blocking": _blocking_materials,
    "exemplary": _exemplary_materials,
}


# ---------------------------------------------------------------- pitches


def _typed(spec: DemoPitch) -> dict[str, str]:
    return {
        "title": spec.title,
        "summary": spec.summary,
        "problem": spec.problem,
        "idea": spec.idea,
        "benefits": spec.benefits,
        "ask": format_pounds(spec.ask_pence),
        "ask_details": spec.ask_details,
        "team_details": spec.team_details,
    }


def _draft(spec: DemoPitch, author: User, team: Team, round_: Round, now: datetime) -> Pitch:
    """Start the pitch, save its sections and add its materials, as the team would."""
    pitch = service.start_pitch(author, team.id, round_.id, now)
    typed = _typed(spec)
    for section in TEXT_SECTIONS:
        if section.key in spec.sections:
            answers = {question.name: typed[question.name] for question in section.questions}
            service.save_section(
                pitch, author, section, answers, completed=spec.completed, expected_version=None
            )
    if spec.materials:
        MATERIALS[spec.materials](pitch, author)
    if spec.completed:
        materials.mark_completed(pitch, author, completed=True)
    return pitch


def seed_pitch(
    spec: DemoPitch, users: dict[str, User], team: Team, round_: Round, now: datetime
) -> Pitch:
    """One demo pitch, taken through the workflow to ``spec.status``."""
    author = users[spec.author]
    organiser = users[ORGANISER]
    pitch = _draft(spec, author, team, round_, now)
    if spec.status == "draft":
        return pitch
    report = checks.current_report(pitch)
    if report.warnings:
        checks.acknowledge_warnings(pitch, author)
    submission.submit(pitch, author, now, pitch.version)
    if spec.status == "eligible":
        screening_service.mark_eligible(pitch, organiser)
    elif spec.status == "returned":
        screening_service.return_to_team(pitch, organiser, spec.reason)
    elif spec.status == "withdrawn":
        submission.withdraw(pitch, author, spec.reason)
    return pitch


def seed_pitches(
    users: dict[str, User], teams: dict[str, Team], rounds: dict[str, Round], now: datetime
) -> list[Pitch]:
    """The demo pitches in the open round; a pitch whose title is already there is skipped."""
    made = []
    round_ = rounds[texts.OPEN_ROUND]
    for spec in texts.PITCHES:
        if db.session.scalar(select(Pitch.id).where(Pitch.title == spec.title)) is not None:
            continue
        made.append(seed_pitch(spec, users, teams[spec.team], round_, now))
    return made
