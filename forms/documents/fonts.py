"""The embedded typeface: IBM Plex Serif (static TTFs of the ``fontpkg-ibm-plex-serif`` package),
which covers every Vietnamese letter with every tone mark (ă â đ ê ô ơ ư; Ệ ự ỹ Ỗ …).

reportlab embeds a subset of each TrueType font it draws with, so the PDF reads the same on any
machine. The four faces are registered as one family, so ``<b>`` and ``<i>`` in paragraphs
switch to the real bold and italic faces.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import fontpkg_ibm_plex_serif
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "IBMPlexSerif"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"

_FILES = {
    REGULAR: "IBMPlexSerif-Regular.ttf",
    BOLD: "IBMPlexSerif-Bold.ttf",
    ITALIC: "IBMPlexSerif-Italic.ttf",
    BOLD_ITALIC: "IBMPlexSerif-BoldItalic.ttf",
}


def font_file(face: str) -> Path:
    return Path(fontpkg_ibm_plex_serif.ROOT) / "files" / _FILES[face]


@cache
def register_fonts() -> str:
    """Register the four faces and their family once per process; returns the family name."""
    for face in _FILES:
        pdfmetrics.registerFont(TTFont(face, str(font_file(face))))
    pdfmetrics.registerFontFamily(FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC)
    # registerFontFamily maps the family name; map the face names too, so a style whose
    # fontName is a face (e.g. the bold face of a heading) still finds its <i> variant.
    for face in _FILES:
        for bold in (0, 1):
            for italic in (0, 1):
                addMapping(face, bold, italic, [REGULAR, ITALIC, BOLD, BOLD_ITALIC][bold * 2 + italic])
    return FAMILY
