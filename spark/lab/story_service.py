"""Stories (lessons learnt): writing, changing, publishing and unpublishing them. The only
place that commits them, one transaction each, audited.

The rules, checked here whatever the page showed:

- The project's team and the lab write and change stories, and publish and unpublish them
  (``access.may_edit``); organisers only read them. A stopped or paused project still takes
  stories: what was learnt is worth most when a project stops.
- A story needs a title (at most 120 characters) and its text (Markdown, at most 20,000
  characters). It starts as a draft, seen only by those who may see the project.
- Each change and each publish names the version its page showed; a stale one is refused
  (409), so nobody overwrites a change they have not seen, nor publishes text they have not
  read. The check is part of the UPDATE, so two saves at once cannot both pass.
- A published story shows on the showcase at once, for every signed-in civil servant; a
  change to it shows at once too. Unpublishing takes it off the showcase (a draft again).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import defer

from spark.accounts.models import User
from spark.core import audit
from spark.core.audit import utcnow
from spark.extensions import db
from spark.lab import access
from spark.lab.models import LabProject, Story

TITLE_MAX = 120
BODY_MAX = 20_000
ENTER_TITLE = "Enter a title"
ENTER_BODY = "Enter the story"
TITLE_TOO_LONG = f"The title must be {TITLE_MAX} characters or fewer"
BODY_TOO_LONG = f"The story must be {BODY_MAX:,} characters or fewer"
CHANGED = (
    "This story was changed by someone else while you were working on it. "
    "Check the story as it is now, then save your version again if it is still right"
)
CHANGED_BEFORE_PUBLISHING = (
    "This story was changed by someone else after you opened this page. "
    "Read it as it is now before you publish it"
)
CHANGED_BEFORE_UNPUBLISHING = (
    "This story was changed by someone else after you opened this page. Check it again"
)
PUBLISHED_ALREADY = "This story is already published"
NOT_PUBLISHED = "This story is not published"
NOT_ALLOWED = "Only the project’s team and the lab can change its stories"


class StoryRefused(Exception):
    """The change is not possible: the message says why. ``status`` 409 when the page was out
    of date, 403 when the person may not change the project's stories."""

    def __init__(self, message: str, *, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class StoryProblems(Exception):
    """What was typed has problems: field name -> GOV.UK error message."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class StoryText:
    """What the writer typed (trimmed, with plain line ends)."""

    title: str
    body: str


def problems_with(text: StoryText) -> dict[str, str]:
    """The GOV.UK error for each field that is missing or too long."""
    problems = {}
    if not text.title:
        problems["title"] = ENTER_TITLE
    elif len(text.title) > TITLE_MAX:
        problems["title"] = TITLE_TOO_LONG
    if not text.body:
        problems["body"] = ENTER_BODY
    elif len(text.body) > BODY_MAX:
        problems["body"] = BODY_TOO_LONG
    return problems


def _check(project: LabProject, user: User, text: StoryText | None = None) -> None:
    if not access.may_edit(project, user):
        raise StoryRefused(NOT_ALLOWED, status=403)
    if text is not None and (problems := problems_with(text)):
        raise StoryProblems(problems)


def _state(story: Story) -> dict[str, Any]:
    return {
        "title": story.title,
        "body": story.body,
        "status": story.status,
        "version": story.version,
    }


def story_of(project: LabProject, story_id: int) -> Story | None:
    """The project's story ``story_id`` (None for another project's)."""
    return db.session.scalar(
        select(Story).where(Story.id == story_id, Story.project_id == project.id)
    )


def _newest_first(project: LabProject):
    # Lists show titles, never the text (up to 20,000 characters a story): it stays unread.
    return (
        select(Story)
        .where(Story.project_id == project.id)
        .order_by(Story.created_at.desc(), Story.id.desc())
        .options(defer(Story.body))
    )


def stories_of(project: LabProject) -> list[Story]:
    """The project's stories, newest first, without their text (one query)."""
    return list(db.session.scalars(_newest_first(project)))


def newest_stories(project: LabProject, limit: int) -> tuple[list[Story], int]:
    """The project's ``limit`` newest stories, without their text, and how many it has in
    all (one query: the count is a window over the rows before the limit)."""
    rows = db.session.execute(
        _newest_first(project).add_columns(func.count().over()).limit(limit)
    ).all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


def write(project: LabProject, user: User, text: StoryText) -> Story:
    """A new draft story for ``project``, written by ``user``."""
    _check(project, user, text)
    now = utcnow()
    story = Story(
        project_id=project.id,
        title=text.title,
        body=text.body,
        status="draft",
        written_by_id=user.id,
        created_at=now,
        updated_at=now,
        version=1,
    )
    db.session.add(story)
    db.session.flush()
    audit.record("lab_story.written", story, actor=user, after=_state(story))
    db.session.commit()
    return story


def _update(story: Story, seen_version: int | None, message: str, **values: Any) -> None:
    """Apply ``values`` if the story is still at ``seen_version`` (in the same statement, so
    of two saves at once only one passes), with a new version; else refuse (409)."""
    changed = db.session.execute(
        update(Story)
        .where(Story.id == story.id, Story.version == seen_version)
        .values(version=Story.version + 1, updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed != 1:
        db.session.rollback()
        db.session.refresh(story)
        raise StoryRefused(message)
    db.session.refresh(story)


def change(story: Story, user: User, text: StoryText, *, seen_version: int | None) -> Story:
    """Change the story's title and text; a published story stays published (the change
    shows on the showcase at once)."""
    _check(story.project, user, text)
    before = _state(story)
    if seen_version != story.version:
        raise StoryRefused(CHANGED)
    _update(story, seen_version, CHANGED, title=text.title, body=text.body)
    audit.record("lab_story.changed", story, actor=user, before=before, after=_state(story))
    db.session.commit()
    return story


def publish(story: Story, user: User, *, seen_version: int | None) -> Story:
    """Publish the draft as its page showed it: on the showcase from now on."""
    _check(story.project, user)
    if story.status == "published":
        raise StoryRefused(PUBLISHED_ALREADY)
    if seen_version != story.version:
        raise StoryRefused(CHANGED_BEFORE_PUBLISHING)
    now = utcnow()
    _update(
        story,
        seen_version,
        CHANGED_BEFORE_PUBLISHING,
        status="published",
        published_at=now,
        published_by_id=user.id,
    )
    audit.record(
        "lab_story.published",
        story,
        actor=user,
        before={"status": "draft"},
        after={"status": "published", "title": story.title, "version": story.version},
    )
    db.session.commit()
    return story


def unpublish(story: Story, user: User, *, seen_version: int | None) -> Story:
    """Take the story off the showcase: a draft again, which the team can change and
    publish again."""
    _check(story.project, user)
    if story.status != "published":
        raise StoryRefused(NOT_PUBLISHED)
    if seen_version != story.version:
        raise StoryRefused(CHANGED_BEFORE_UNPUBLISHING)
    published_at = story.published_at
    _update(
        story,
        seen_version,
        CHANGED_BEFORE_UNPUBLISHING,
        status="draft",
        published_at=None,
        published_by_id=None,
    )
    audit.record(
        "lab_story.unpublished",
        story,
        actor=user,
        before={"status": "published", "published_at": published_at.isoformat()},
        after={"status": "draft", "version": story.version},
    )
    db.session.commit()
    return story
