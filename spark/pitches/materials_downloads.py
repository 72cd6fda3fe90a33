"""Downloading a pitch's files, and playing its audio and video in the page.

Only people who may see the pitch (its team and organisers) get its files; anyone else, and
any file that is not this pitch's, gets 404. Files go out with the type sniffed when they were
uploaded, never a type guessed from the name; downloads as attachments under the name people
gave them, and nothing is kept in shared caches.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, send_file
from flask_login import current_user

from spark.core.permissions import signed_in
from spark.pitches import access, materials
from spark.pitches.captions import cue_text, to_webvtt
from spark.pitches.models import Pitch, PitchFile

bp = Blueprint("pitch_files", __name__, url_prefix="/pitches/<int:pitch_id>/files")

INLINE_KINDS = {"image", "audio", "video"}
NO_STORE = "private, no-store"


def _file(pitch_id: int, file_id: int) -> tuple[Pitch, PitchFile]:
    pitch = access.pitch_for_viewer_or_404(pitch_id, current_user)
    item = materials.file_in_pitch(pitch, file_id)
    if item is None or not materials.stored_path(item).is_file():
        abort(404)
    return pitch, item


def _send(item: PitchFile, *, as_attachment: bool) -> Response:
    response = send_file(
        materials.stored_path(item),
        mimetype=item.mimetype,
        as_attachment=as_attachment,
        download_name=item.original_name,
        conditional=True,  # byte ranges, so people can skip through audio and video
        etag=item.sha256,
        max_age=0,
    )
    response.headers["Cache-Control"] = NO_STORE
    return response


@bp.route("/<int:file_id>")
@signed_in
def download(pitch_id: int, file_id: int):
    _pitch, item = _file(pitch_id, file_id)
    return _send(item, as_attachment=True)


@bp.route("/<int:file_id>/inline")
@signed_in
def inline(pitch_id: int, file_id: int):
    """Images, audio and video for the page's own <img>, <audio> and <video> elements."""
    _pitch, item = _file(pitch_id, file_id)
    if item.kind not in INLINE_KINDS:
        abort(404)
    return _send(item, as_attachment=False)


@bp.route("/<int:file_id>/captions.vtt")
@signed_in
def captions(pitch_id: int, file_id: int):
    """The video's captions as WebVTT (browsers cannot play SRT)."""
    _pitch, item = _file(pitch_id, file_id)
    track = item.captions
    if track is None or not materials.stored_path(track).is_file():
        abort(404)
    response = Response(to_webvtt(materials.stored_path(track).read_bytes()), mimetype="text/vtt")
    response.headers["Cache-Control"] = NO_STORE
    return response


@bp.route("/<int:file_id>/view")
@signed_in
def view(pitch_id: int, file_id: int):
    """A page that shows an image, or plays audio or video with its transcript or captions."""
    pitch, item = _file(pitch_id, file_id)
    if item.kind not in INLINE_KINDS:
        abort(404)
    caption_lines: list[str] = []
    if item.captions is not None and materials.stored_path(item.captions).is_file():
        caption_lines = cue_text(to_webvtt(materials.stored_path(item.captions).read_bytes()))
    return render_template(
        "pitches/materials-media.html",
        pitch=pitch,
        item=item,
        parent=materials.parent_of(pitch, item),
        caption_lines=caption_lines,
    )
