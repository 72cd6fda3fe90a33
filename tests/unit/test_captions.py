"""SRT captions become WebVTT, the only captions format browsers play."""

from __future__ import annotations

from spark.pitches.captions import cue_text, srt_to_webvtt, to_webvtt

SRT = """1
00:00:01,000 --> 00:00:04,000
Hello, and welcome.

2
00:00:05,500 --> 00:00:08,250
This is our <i>idea</i>.
It has two lines.
"""


def test_srt_becomes_webvtt_with_dots_before_the_milliseconds():
    assert srt_to_webvtt(SRT) == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:04.000\nHello, and welcome.\n\n"
        "00:00:05.500 --> 00:00:08.250\nThis is our <i>idea</i>.\nIt has two lines.\n"
    )


def test_windows_line_endings_and_a_byte_order_mark():
    data = ("\ufeff" + SRT).replace("\n", "\r\n").encode("utf-8")
    assert to_webvtt(data) == srt_to_webvtt(SRT)


def test_short_hours_and_milliseconds_are_padded_and_coordinates_dropped():
    srt = "7\n0:01:02,5 --> 0:01:03,75  X1:10 X2:20 Y1:5 Y2:6\nText\n"
    assert srt_to_webvtt(srt) == "WEBVTT\n\n00:01:02.500 --> 00:01:03.750\nText\n"


def test_font_tags_are_dropped_and_other_markup_escaped():
    srt = '1\n00:00:01,000 --> 00:00:02,000\n<font color="red">Stop</font> & <b>go</b> <script>\n'
    assert srt_to_webvtt(srt).splitlines()[3] == "Stop &amp; <b>go</b> &lt;script&gt;"


def test_an_arrow_in_cue_text_cannot_start_a_new_timing():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nfrom here --> there\n"
    assert srt_to_webvtt(srt).splitlines()[3] == "from here -&gt; there"


def test_blocks_without_timing_or_text_are_left_out():
    srt = (
        "1\nno timing here\n\n"
        "2\n00:00:01,000 --> 00:00:02,000\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nKept\n"
    )
    assert srt_to_webvtt(srt) == "WEBVTT\n\n00:00:03.000 --> 00:00:04.000\nKept\n"


def test_nothing_usable_is_still_a_valid_empty_track():
    assert to_webvtt(b"") == "WEBVTT\n\n"
    assert to_webvtt(b"just words") == "WEBVTT\n\n"


def test_webvtt_is_passed_through():
    vtt = "WEBVTT - our pitch\n\n00:00:01.000 --> 00:00:02.000\n<v Sam>Hello\n"
    assert to_webvtt(vtt.encode()) == vtt


def test_invalid_utf8_does_not_raise():
    assert to_webvtt(b"1\n00:00:01,000 --> 00:00:02,000\ncaf\xe9\n").startswith("WEBVTT")


def test_cue_text_reads_captions_as_a_transcript():
    vtt = (
        "WEBVTT\n\nNOTE written by hand\n\n1\n00:00:01.000 --> 00:00:02.000\n<v Sam>Hello</v>\n"
        "and welcome\n\n00:00:03.000 --> 00:00:04.000 align:start\nFish &amp; <i>chips</i>\n"
    )
    assert cue_text(vtt) == ["Sam: Hello and welcome", "Fish & chips"]
    assert cue_text(srt_to_webvtt(SRT)) == [
        "Hello, and welcome.",
        "This is our idea. It has two lines.",
    ]
