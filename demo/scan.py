"""A sample scan: what the demo, the tests and the benchmarks upload where an officer
would attach a scanned paper."""

from __future__ import annotations

from io import BytesIO

from reportlab.pdfgen import canvas


def _sample_scan() -> bytes:
    """A one-page PDF standing for a scanned paper in the demo."""
    buffer = BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 760, "Ban quet mau (du lieu minh hoa)")
    page.save()
    return buffer.getvalue()


SAMPLE_SCAN = _sample_scan()
