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


CATEGORY_NAMES = {
    "Cc": "ký tự điều khiển",
    "Cf": "ký tự vô hình hoặc đổi chiều văn bản",
    "Co": "ký tự dùng riêng",
    "Cs": "ký tự lỗi mã hóa",
    "Cn": "ký tự chưa được định nghĩa",
}


def forbidden_message(text: str) -> str | None:
    """The Vietnamese refusal naming each forbidden character of `text`, or None: such
    characters usually come from pasting, and are invisible, so the officer needs their codes."""
    found = forbidden_characters(text)
    if not found:
        return None
    named = ", ".join(f"{code} ({CATEGORY_NAMES[unicodedata.category(chr(int(code[2:], 16)))]})" for code in found)
    return f"Có ký tự không được phép: {named}. Hãy gõ lại trường này thay vì dán từ văn bản khác."


def folded(text: str) -> str:
    """The matching key of a name or a query: "Nguyễn  Văn Hùng" → "nguyen van hung"."""
    decomposed = unicodedata.normalize("NFD", normalized(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def name_words(text: str) -> list[str]:
    """The distinct words of the folded name, the rows of its word index: "Nguyễn Văn Hùng"
    → ["hung", "nguyen", "van"]."""
    return sorted(set(folded(text).split()))
