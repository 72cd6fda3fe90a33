"""Blueprint 'lab_stories': a project's stories (lessons learnt), in the lab.

- ``/lab/projects/<id>/stories``: the project's stories, drafts and published.
- ``.../stories/new``: write one, with a preview; it is saved as a draft.
- ``.../stories/<story_id>``: read one as it will show, with its status and what to do next.
- ``.../stories/<story_id>/edit``: change it (a stale page: 409, with what was typed kept).
- ``.../stories/<story_id>/publish`` and ``/unpublish``: a confirmation page, then the change.

The lab, organisers and the project's team read them (anyone else: 404, as for the project);
the team and the lab write and publish (organisers: 403). The project page shows the stories
through ``project_parts`` (order 50): importing this module adds the part.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup

from spark.accounts.models import User
from spark.accounts.views import show_problems
from spark.lab import access, markdown, story_service
from spark.lab.access import project_editor_required, project_viewer_required
from spark.lab.models import LabProject, Story
from spark.lab.project_parts import add_project_part, render_part
from spark.lab.story_forms import StoryForm, StoryStateForm
from spark.lab.story_service import StoryProblems, StoryRefused

bp = Blueprint("lab_stories", __name__, url_prefix="/lab/projects/<int:project_id>/stories")

SAVED_NEW = "Story saved as a draft. Only the project’s team, the lab and organisers can see it"
SAVED = "Story saved"
PUBLISHED = "Story published. Everyone signed in can now read it on the showcase"
UNPUBLISHED = "Story unpublished. It is a draft again and no longer on the showcase"
# The project page lists the newest few stories, and links to them all when there are more.
PART_SHOWS = 5


# Where a story is shown under a section's <h2> (a preview, a confirmation), its own
# headings start at <h3>; on its own page (the title is the <h1>) at <h2>.
UNDER_A_SECTION = 3


def rendered(body: str, level: int = 2) -> Markup:
    """A story's Markdown as HTML, its first heading an ``<h{level}>``: ``markdown.render``
    allows only its safe subset."""
    return Markup(markdown.render(body, level))  # noqa: S704


def project_url(project: LabProject) -> str:
    return url_for("lab.project", project_id=project.id)


def _story_or_404(project: LabProject, story_id: int) -> Story:
    story = story_service.story_of(project, story_id)
    if story is None:
        abort(404)
    return story


def _context(project: LabProject, **context: Any) -> dict[str, Any]:
    return {
        "project": project,
        "pitch": project.pitch,
        "project_url": project_url(project),
        "may_edit": access.may_edit(project, current_user),
        **context,
    }


@bp.route("")
@project_viewer_required
def index(project: LabProject):
    stories = story_service.stories_of(project)
    return render_template("lab/story-list.html", **_context(project, stories=stories))


def _form_page(
    project: LabProject,
    form: StoryForm,
    story: Story | None = None,
    problem: StoryRefused | None = None,
):
    """The story form, with the preview when asked for, and (after a stale save) the story
    as it is now beside what was typed."""
    preview = None
    if form.is_submitted() and form.previewing() and not form.errors:
        preview = rendered(form.body.data or "", UNDER_A_SECTION)
    status = 200
    if problem is not None:
        status = problem.status
    elif form.errors:
        status = 400
    page = render_template(
        "lab/story-form.html",
        **_context(
            project,
            form=form,
            story=story,
            preview=preview,
            problem=problem,
            current_html=(
                rendered(story.body, UNDER_A_SECTION) if story is not None and problem else None
            ),
        ),
    )
    return page, status


@bp.route("/new", methods=["GET", "POST"])
@project_editor_required
def new(project: LabProject):
    form = StoryForm()
    if not form.is_submitted() or not form.validate() or form.previewing():
        return _form_page(project, form)
    try:
        story = story_service.write(project, current_user, form.text())
    except StoryProblems as problems:
        show_problems(form, problems.problems)
        return _form_page(project, form)
    flash(SAVED_NEW, "success")
    return redirect(url_for("lab_stories.show", project_id=project.id, story_id=story.id))


@bp.route("/<int:story_id>")
@project_viewer_required
def show(project: LabProject, story_id: int):
    story = _story_or_404(project, story_id)
    return render_template(
        "lab/story.html",
        **_context(
            project,
            story=story,
            body_html=rendered(story.body),
            showcase_url=url_for("showcase.story", story_id=story.id),
        ),
    )


@bp.route("/<int:story_id>/edit", methods=["GET", "POST"])
@project_editor_required
def edit(project: LabProject, story_id: int):
    story = _story_or_404(project, story_id)
    form = StoryForm()
    form.save.label.text = "Save changes"
    if not form.is_submitted():
        form.title.data, form.body.data = story.title, story.body
        form.seen_version.data = str(story.version)
        return _form_page(project, form, story)
    if not form.validate() or form.previewing():
        return _form_page(project, form, story)
    try:
        story_service.change(story, current_user, form.text(), seen_version=form.seen())
    except StoryProblems as problems:
        show_problems(form, problems.problems)
        return _form_page(project, form, story)
    except StoryRefused as refused:
        # What was typed stays; the page shows the story as it is now, and saving again
        # (having seen it) replaces that version.
        form.seen_version.data = str(story.version)
        return _form_page(project, form, story, problem=refused)
    flash(SAVED, "success")
    return redirect(url_for("lab_stories.show", project_id=project.id, story_id=story.id))


def _state_change(project: LabProject, story_id: int, publishing: bool):
    """The confirmation page (GET) and the change itself (POST) for publishing or
    unpublishing; a refusal (stale page, already done) shows the page again as it is now."""
    story = _story_or_404(project, story_id)
    form = StoryStateForm()
    form.submit.label.text = "Publish the story" if publishing else "Unpublish the story"
    problem = None
    if form.is_submitted():
        act = story_service.publish if publishing else story_service.unpublish
        try:
            act(story, current_user, seen_version=form.seen())
        except StoryRefused as refused:
            problem = refused
        else:
            flash(PUBLISHED if publishing else UNPUBLISHED, "success")
            return redirect(url_for("lab_stories.show", project_id=project.id, story_id=story.id))
    form.seen_version.data = str(story.version)
    page = render_template(
        "lab/story-confirm.html",
        **_context(
            project,
            story=story,
            form=form,
            publishing=publishing,
            problem=problem,
            body_html=rendered(story.body, UNDER_A_SECTION),
        ),
    )
    return page, (problem.status if problem else 200)


@bp.route("/<int:story_id>/publish", methods=["GET", "POST"])
@project_editor_required
def publish(project: LabProject, story_id: int):
    return _state_change(project, story_id, publishing=True)


@bp.route("/<int:story_id>/unpublish", methods=["GET", "POST"])
@project_editor_required
def unpublish(project: LabProject, story_id: int):
    return _state_change(project, story_id, publishing=False)


# On the project page ----------------------------------------------------------------------


def stories_part(project: LabProject, user: User) -> Markup | None:
    """The project's newest stories, drafts and published, with their status and links, and
    how many there are (one query); the team and the lab get a link to write one."""
    stories, count = story_service.newest_stories(project, PART_SHOWS)
    return render_part(
        "lab/story-part.html",
        project=project,
        stories=stories,
        count=count,
        may_edit=access.may_edit(project, user),
    )


add_project_part(50, stories_part)
