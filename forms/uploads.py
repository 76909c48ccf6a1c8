"""Scanned documents officers upload: PDF, JPEG or PNG, recognised by their content (never
by the file name), refused when empty, too large or unreadable."""

from __future__ import annotations

from io import BytesIO

import filetype
from marshmallow import ValidationError
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

MAX_BYTES = 10 * 1024 * 1024
ACCEPTED = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG"}
EMPTY = "Tệp rỗng: không có nội dung để lưu."
TOO_LARGE = f"Tệp vượt quá giới hạn {MAX_BYTES // (1024 * 1024)} MB."
WRONG_TYPE = "Chỉ nhận bản quét dạng PDF, JPEG hoặc PNG (kiểm tra theo nội dung tệp, không theo tên tệp)."
CORRUPT = "Tệp bị hỏng hoặc không đọc được; vui lòng quét lại."


def check_scan(content: bytes) -> str:
    """The content type of an acceptable scan; ValidationError (field "file") otherwise."""
    if not content:
        raise ValidationError({"file": [EMPTY]})
    if len(content) > MAX_BYTES:
        raise ValidationError({"file": [TOO_LARGE]})
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED:
        raise ValidationError({"file": [WRONG_TYPE]})
    try:
        if kind.mime == "application/pdf":
            if not PdfReader(BytesIO(content), strict=True).pages:
                raise ValidationError({"file": [CORRUPT]})
        else:
            with Image.open(BytesIO(content)) as image:
                image.verify()
    except (PdfReadError, UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ValidationError({"file": [CORRUPT]}) from exc
    return kind.mime
