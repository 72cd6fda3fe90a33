"""Colour contrast, exactly as WCAG 2.2 defines it (1.4.3 text, 1.4.11 non-text).

Pure: the standard library only. Ratios are never rounded before they are compared:
4.499:1 fails the 4.5:1 threshold even though it would be shown as 4.50 when rounded.
"""

from __future__ import annotations

import re

RGB = tuple[int, int, int]

TEXT_RATIO = 4.5  # WCAG 1.4.3 (AA), normal text
LARGE_TEXT_RATIO = 3.0  # WCAG 1.4.3 (AA), large text
NON_TEXT_RATIO = 3.0  # WCAG 1.4.11 (AA), shapes, icons, chart parts

LARGE_SIZE_PT = 18.0  # large text: 18pt and over...
LARGE_BOLD_SIZE_PT = 14.0  # ...or 14pt bold and over

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

_HEX = re.compile(r"#?([0-9a-fA-F]{6}|[0-9a-fA-F]{3})")


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(rgb: RGB) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = rgb
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(a: RGB, b: RGB) -> float:
    """(L lighter + 0.05) / (L darker + 0.05), from 1 to 21, whichever order a and b come in."""
    la, lb = relative_luminance(a), relative_luminance(b)
    lighter, darker = max(la, lb), min(la, lb)
    return (lighter + 0.05) / (darker + 0.05)


def is_large_text(size_pt: float | None, bold: bool = False) -> bool:
    """18pt and over, or 14pt bold and over. An unknown size is treated as normal text."""
    if size_pt is None:
        return False
    return size_pt >= LARGE_SIZE_PT or (bold and size_pt >= LARGE_BOLD_SIZE_PT)


def required_ratio(
    size_pt: float | None = None, bold: bool = False, *, non_text: bool = False
) -> float:
    """The minimum contrast: 3:1 for large text and for non-text parts, otherwise 4.5:1."""
    if non_text:
        return NON_TEXT_RATIO
    return LARGE_TEXT_RATIO if is_large_text(size_pt, bold) else TEXT_RATIO


def meets(ratio: float, required: float) -> bool:
    """True when the ratio reaches the threshold. No rounding: 4.499 does not reach 4.5."""
    return ratio >= required


def parse_hex(value: str | None) -> RGB | None:
    """'#767676', '767676' or '#fff' as an (r, g, b) tuple; None when it is not a hex colour."""
    if not value:
        return None
    match = _HEX.fullmatch(value.strip())
    if not match:
        return None
    digits = match.group(1)
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: RGB) -> str:
    return "#{:02X}{:02X}{:02X}".format(*rgb)


def format_ratio(ratio: float) -> str:
    """The ratio for people, cut (not rounded) to 2 decimals so a failing 4.499 never reads 4.50."""
    return f"{int(ratio * 100) / 100:.2f}:1"
