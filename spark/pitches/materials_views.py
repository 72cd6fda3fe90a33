"""Pitch materials: the list of files, adding, changing and removing them.

The team sees and changes its pitch's materials (while the pitch is editable); organisers see
the list read-only. Anyone else gets 404, so a pitch's existence is not revealed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import NotFound

from spark.core.filetypes import (
    DOCX,
    JPEG,
    M4A,
    MP3,
    MP4,
    OGG,
    PDF,
    PNG,
    PPTX,
    SRT,
    VTT,
    WAV,
    WEBM,
)
from spark.core.permissions import signed_in
from spark.core.storage import MB, SIZE_LIMITS
from spark.pitches import access, checks, materials
from spark.pitches.materials import MaterialsRefused, Upload
from spark.pitches.materials_forms import (
    AudioChangeForm,
    AudioForm,
    CompletedForm,
    DocumentForm,
    ImageChangeForm,
    ImageForm,
    RemoveForm,
    ReplaceDocumentForm,
    VideoChangeForm,
    VideoForm,
)
from spark.pitches.models import Pitch, PitchFile

bp = Blueprint("materials", __name__, url_prefix="/pitches/<int:pitch_id>/materials")

LABELS = {
    kind.mimetype: kind.label
    for kind in (PPTX, DOCX, PDF, PNG, JPEG, MP3, M4A, WAV, OGG, MP4, WEBM, VTT, SRT)
}
GROUPS = (
    ("Slide decks, documents and PDFs", ("deck", "document", "pdf")),
    ("Images", ("image",)),
    ("Audio overviews", ("audio",)),
    ("Videos", ("video",)),
)
# The largest request each upload form may send: every file field at its largest, plus room
# for the form. Above MAX_CONTENT_LENGTH only where a form's files can be larger than it.
_ROOM = 1 * MB
REQUEST_LIMITS = {
    "materials.add_audio": SIZE_LIMITS["audio"] + SIZE_LIMITS["video"] + _ROOM,
    "materials.add_video": 3 * SIZE_LIMITS["video"] + SIZE_LIMITS["captions"] + _ROOM,
    "materials.change_file": 2 * SIZE_LIMITS["video"] + SIZE_LIMITS["captions"] + _ROOM,
}


@bp.url_value_preprocessor
def _request_limit(endpoint: str | None, _values: dict[str, Any] | None) -> None:
    # Runs before CSRF protection reads the form; only signed-in people may send big files.
    limit = REQUEST_LIMITS.get(endpoint or "")
    current = request.max_content_length
    if limit and current is not None and request.method == "POST" and current_user.is_authenticated:
        request.max_content_length = max(limit, current)


@bp.app_template_filter("file_size")
def file_size(size: int) -> str:
    """Sizes as people read them: 820KB, 4.2MB."""
    if size >= MB:
        return f"{size / MB:.1f}MB".replace(".0MB", "MB")
    return f"{max(1, round(size / 1024))}KB"


@bp.app_template_filter("file_label")
def file_label(item: PitchFile) -> str:
    return LABELS.get(item.mimetype, item.kind)


@bp.app_template_filter("main_files")
def main_files(pitch: Pitch) -> list[PitchFile]:
    """The files the team added, as the materials page lists them: without captions and the
    audio-described and BSL versions that belong to another file."""
    return checks.main_files(pitch)


def _upload(field) -> Upload | None:
    data = field.data
    if isinstance(data, FileStorage) and data.filename:
        return Upload(data.stream, data.filename)
    return None


def _show_problems(form: FlaskForm, problems: dict[str, str], main_field: str) -> None:
    for name, message in problems.items():
        field = form._fields.get(name) or form._fields[main_field]
        field.errors = [message]


def _page(template: str, form: FlaskForm, pitch: Pitch, **context):
    status = 400 if form.errors else 200
    return render_template(template, form=form, pitch=pitch, **context), status


def _editable_pitch(pitch_id: int) -> Pitch:
    return access.pitch_for_team_or_404(pitch_id, current_user)


def _read_only(pitch: Pitch):
    flash("You cannot change the materials of this pitch now", "information")
    return redirect(url_for("materials.index", pitch_id=pitch.id))


def _done(pitch: Pitch, message: str):
    flash(message, "success")
    return redirect(url_for("materials.index", pitch_id=pitch.id))


def _index_page(pitch: Pitch, form: CompletedForm | None = None):
    files = checks.main_files(pitch)
    groups = [
        (heading, [item for item in files if item.kind in kinds]) for heading, kinds in GROUPS
    ]
    is_team = access.is_team_member(pitch, current_user)
    if form is None:
        done = materials.MATERIALS_SECTION in (pitch.completed_sections or [])
        form = CompletedForm(data={"completed": "yes" if done else None})
    page = render_template(
        "pitches/materials-index.html",
        pitch=pitch,
        groups=groups,
        files=files,
        is_team=is_team,
        can_change=is_team and materials.can_change(pitch),
        form=form,
    )
    return page, 400 if form.errors else 200


@bp.route("")
@signed_in
def index(pitch_id: int):
    return _index_page(access.pitch_for_viewer_or_404(pitch_id, current_user))


@bp.route("/completed", methods=["POST"])
@signed_in
def complete(pitch_id: int):
    pitch = _editable_pitch(pitch_id)
    if not materials.can_change(pitch):
        return _read_only(pitch)
    form = CompletedForm()
    if not form.validate_on_submit():
        return _index_page(pitch, form)
    try:
        materials.mark_completed(pitch, current_user, completed=form.completed.data == "yes")
    except MaterialsRefused as refused:
        _show_problems(form, refused.problems, "completed")
        return _index_page(pitch, form)
    return redirect(url_for("pitches.show", pitch_id=pitch.id))


def _add(pitch: Pitch, form: FlaskForm, template: str, save, message: str):
    if not materials.can_change(pitch):
        return _read_only(pitch)
    if form.validate_on_submit():
        try:
            item = save()
        except MaterialsRefused as refused:
            _show_problems(form, refused.problems, "file")
        else:
            return _done(pitch, message.format(name=item.original_name))
    return _page(template, form, pitch)


@bp.route("/document", methods=["GET", "POST"])
@signed_in
def add_document(pitch_id: int):
    pitch = _editable_pitch(pitch_id)
    form = DocumentForm()
    return _add(
        pitch,
        form,
        "pitches/materials-add-document.html",
        lambda: materials.add_document(pitch, current_user, _upload(form.file)),
        "{name} has been added",
    )


@bp.route("/image", methods=["GET", "POST"])
@signed_in
def add_image(pitch_id: int):
    pitch = _editable_pitch(pitch_id)
    form = ImageForm()
    return _add(
        pitch,
        form,
        "pitches/materials-add-image.html",
        lambda: materials.add_image(
            pitch,
            current_user,
            _upload(form.file),
            alt_text=form.alt_text.data or "",
            decorative=bool(form.decorative.data),
        ),
        "{name} has been added",
    )


@bp.route("/audio", methods=["GET", "POST"])
@signed_in
def add_audio(pitch_id: int):
    pitch = _editable_pitch(pitch_id)
    form = AudioForm()

    def save():
        return materials.add_audio(
            pitch,
            current_user,
            _upload(form.file),
            transcript=form.transcript.data or "",
            bsl_version=_upload(form.bsl_version),
        )

    return _add(pitch, form, "pitches/materials-add-audio.html", save, "{name} has been added")


@bp.route("/video", methods=["GET", "POST"])
@signed_in
def add_video(pitch_id: int):
    pitch = _editable_pitch(pitch_id)
    form = VideoForm()
    return _add(
        pitch,
        form,
        "pitches/materials-add-video.html",
        lambda: materials.add_video(
            pitch,
            current_user,
            _upload(form.file),
            captions=_upload(form.captions),
            audio_described=_upload(form.audio_described),
            bsl_version=_upload(form.bsl_version),
            description_not_needed=bool(form.description_not_needed.data),
        ),
        "{name} has been added",
    )


def _file_or_404(pitch: Pitch, file_id: int) -> PitchFile:
    item = materials.file_in_pitch(pitch, file_id)
    if item is None:
        abort(404)
    return item


def _change_form(item: PitchFile) -> tuple[FlaskForm, Any]:
    if item.kind == "image":
        form = ImageChangeForm(data={"alt_text": item.alt_text, "decorative": item.decorative})
        return form, lambda: materials.update_image(
            item.pitch,
            current_user,
            item,
            alt_text=form.alt_text.data or "",
            decorative=bool(form.decorative.data),
        )
    if item.kind == "audio":
        form = AudioChangeForm(data={"transcript": item.transcript})
        return form, lambda: materials.update_audio(
            item.pitch,
            current_user,
            item,
            transcript=form.transcript.data or "",
            bsl_version=_upload(form.bsl_version),
        )
    if item.kind == "video":
        form = VideoChangeForm(data={"description_not_needed": item.audio_description_not_needed})
        return form, lambda: materials.update_video(
            item.pitch,
            current_user,
            item,
            captions=_upload(form.captions),
            audio_described=_upload(form.audio_described),
            bsl_version=_upload(form.bsl_version),
            description_not_needed=bool(form.description_not_needed.data),
        )
    if item.kind in materials.DOCUMENT_KINDS:
        form = ReplaceDocumentForm()
        return form, lambda: materials.replace_document(
            item.pitch, current_user, item, _upload(form.file)
        )
    raise NotFound()


@bp.route("/<int:file_id>/change", methods=["GET", "POST"])
@signed_in
def change_file(pitch_id: int, file_id: int):
    pitch = _editable_pitch(pitch_id)
    item = _file_or_404(pitch, file_id)
    if materials.parent_of(pitch, item) is not None:
        abort(404)
    if not materials.can_change(pitch):
        return _read_only(pitch)
    form, save = _change_form(item)
    if form.validate_on_submit():
        try:
            save()
        except MaterialsRefused as refused:
            main = {"image": "alt_text", "audio": "transcript", "video": "captions"}
            _show_problems(form, refused.problems, main.get(item.kind, "file"))
        else:
            done = "replaced" if item.kind in materials.DOCUMENT_KINDS else "updated"
            return _done(pitch, f"{item.original_name} has been {done}")
    return _page("pitches/materials-change.html", form, pitch, item=item)


@bp.route("/<int:file_id>/remove", methods=["GET", "POST"])
@signed_in
def remove_file(pitch_id: int, file_id: int):
    pitch = _editable_pitch(pitch_id)
    item = _file_or_404(pitch, file_id)
    if not materials.can_change(pitch):
        return _read_only(pitch)
    form = RemoveForm()
    parent = materials.parent_of(pitch, item)
    if form.validate_on_submit():
        name = item.original_name
        try:
            materials.remove_file(pitch, current_user, item)
        except MaterialsRefused as refused:
            flash(next(iter(refused.problems.values())), "information")
            return redirect(url_for("materials.index", pitch_id=pitch.id))
        return _done(pitch, f"{name} has been removed")
    return render_template(
        "pitches/materials-remove.html", form=form, pitch=pitch, item=item, parent=parent
    )
