"""Names as officials type them and as the product compares them: NFC-normalised for
storage, and folded (no diacritics, đ as d, lower case, single spaces) for matching, so
"nguyen van hung" finds "Nguyễn Văn Hùng" and a name typed with combining accents finds
the same person as one typed precomposed."""

from __future__ import annotations

import unicodedata

FORBIDDEN_CATEGORIES = ("Cc", "Cf", "Co", "Cs", "Cn")
"""Control, format (zero-width, bidi overrides), private-use, surrogate and unassigned
characters: never part of a name, and a way to make two equal-looking names differ."""


def normalized(text: str) -> str:
    """NFC with runs of whitespace as one space: the stored form of a name."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def forbidden_characters(text: str) -> list[str]:
    """The characters of `text` no name may hold, as U+XXXX, in order of appearance."""
    found = dict.fromkeys(
        f"U+{ord(char):04X}"
        for char in text
        if unicodedata.category(char) in FORBIDDEN_CATEGORIES and char not in "\t\n\r"
    )
    return list(found)


def folded(text: str) -> str:
    """The matching key of a name or a query: "Nguyễn  Văn Hùng" → "nguyen van hung"."""
    decomposed = unicodedata.normalize("NFD", normalized(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
