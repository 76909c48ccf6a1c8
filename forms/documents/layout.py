"""Page layout of a Vietnamese administrative document (thể thức văn bản hành chính) in reportlab.

A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm. From top to bottom: the
form number in small type at the top right; the agency block on the left (parent agency in
upper case, agency name in bold upper case, a short rule, "Số: …") facing the national heading
on the right (Quốc hiệu and Tiêu ngữ in bold, a rule as long as the Tiêu ngữ, the place and date
line in italics); the title in bold upper case with its subject line; the body; the signature
block; at the foot, a QR code of the verification address with its caption. Pages from the
second on carry their number at the top centre.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Mapping
from itertools import combinations, pairwise
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts
from .specs import DocumentSpec

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
MARGIN_LEFT = 30 * mm
MARGIN_RIGHT = 15 * mm
CONTENT_WIDTH = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT  # 165 mm
LEFT_COLUMN = 72 * mm  # agency block, "Nơi nhận", second signature
RIGHT_COLUMN = CONTENT_WIDTH - LEFT_COLUMN

BODY_SIZE = 12  # IBM Plex Serif sets larger than Times at the same size: 12 pt reads as Times 13-14 pt
HEADING_SIZE = 11.5
BLANK = "…" * 12  # a dotted gap, filled in by hand
LONG_BLANK = "…" * 40
QR_SIZE = 20 * mm


def nfc(value) -> str:
    return unicodedata.normalize("NFC", str(value))


def markup(value) -> str:
    """Plain text to paragraph markup: NFC, escaped, line breaks kept."""
    lines = nfc(value).strip().splitlines()
    return "<br/>".join(escape(line.strip()) for line in lines)


def upper(value) -> str:
    return nfc(value).upper()


def parse_date(value, label: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"Ngày không hợp lệ ở mục «{label}»: {value!r} (cần dạng YYYY-MM-DD).") from None


def date_line(place: str, day: dt.date) -> str:
    """ "An Bình, ngày 10 tháng 02 năm 2026": day and month with two digits, as officials write them."""
    return f"{nfc(place).strip()}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _style(name, size=BODY_SIZE, font=REGULAR, align=TA_JUSTIFY, leading=None, **kwargs) -> ParagraphStyle:
    return ParagraphStyle(
        name,
        fontName=font,
        fontSize=size,
        leading=leading or round(size * 1.38, 1),
        alignment=align,
        textColor=colors.black,
        **kwargs,
    )


register_fonts()

STYLES: dict[str, ParagraphStyle] = {
    "reference": _style("reference", 9, ITALIC, TA_RIGHT),
    "agency_parent": _style("agency_parent", HEADING_SIZE, REGULAR, TA_CENTER, leading=15),
    "agency": _style("agency", HEADING_SIZE, BOLD, TA_CENTER, leading=15),
    "number": _style("number", BODY_SIZE - 0.5, REGULAR, TA_CENTER),
    "nation": _style("nation", HEADING_SIZE, BOLD, TA_CENTER, leading=15),
    "motto": _style("motto", HEADING_SIZE + 1, BOLD, TA_CENTER, leading=16),
    "date": _style("date", BODY_SIZE, ITALIC, TA_CENTER),
    "title": _style("title", BODY_SIZE + 1.5, BOLD, TA_CENTER, spaceBefore=14, spaceAfter=1),
    "subtitle": _style("subtitle", BODY_SIZE, BOLD, TA_CENTER),
    "authority": _style("authority", BODY_SIZE, BOLD, TA_CENTER, spaceBefore=8, spaceAfter=6),
    "addressee": _style("addressee", BODY_SIZE, REGULAR, TA_CENTER, spaceBefore=8, spaceAfter=8),
    "body": _style("body", firstLineIndent=10 * mm, spaceAfter=4),
    "basis": _style("basis", font=ITALIC, firstLineIndent=10 * mm, spaceAfter=2),
    "item": _style("item", leftIndent=10 * mm, spaceAfter=2),
    "line": _style("line", align=TA_LEFT, leftIndent=10 * mm, spaceAfter=2),
    "bullet": _style("bullet", leftIndent=15 * mm, firstLineIndent=-5 * mm, spaceAfter=2),
    "center_bold": _style("center_bold", BODY_SIZE, BOLD, TA_CENTER, spaceBefore=6, spaceAfter=6),
    "sign_title": _style("sign_title", BODY_SIZE, BOLD, TA_CENTER, leading=16),
    "sign_note": _style("sign_note", BODY_SIZE - 1.5, ITALIC, TA_CENTER),
    "sign_name": _style("sign_name", BODY_SIZE, BOLD, TA_CENTER),
    "recipients_head": _style("recipients_head", 11, BOLD_ITALIC, TA_LEFT, leading=14),
    "recipients": _style("recipients", 10, REGULAR, TA_LEFT, leading=13),
    "caption": _style("caption", 8, REGULAR, TA_LEFT, leading=10.5),
    "draft_note": _style("draft_note", 10, BOLD, TA_CENTER, spaceBefore=10),
}


def P(text: str, style: str = "body") -> Paragraph:
    return Paragraph(text, STYLES[style])


def rule(width: float, thickness: float = 0.6, before: float = 4.5, after: float = 3) -> HRFlowable:
    return HRFlowable(
        width=width, thickness=thickness, color=colors.black, spaceBefore=before, spaceAfter=after, hAlign="CENTER"
    )


def _text_width(text: str, style: str, limit: float) -> float:
    s = STYLES[style]
    return min(stringWidth(text, s.fontName, s.fontSize), limit)


class RuledLines(Flowable):
    """Blank lines (dotted) on which a person writes by hand, e.g. a statement (bản tường trình)."""

    def __init__(self, count: int, spacing: float = 8 * mm):
        super().__init__()
        self.count = count
        self.spacing = spacing

    def wrap(self, available_width, available_height):
        self.width = available_width
        return available_width, self.count * self.spacing

    def split(self, available_width, available_height):
        fits = int(available_height // self.spacing)
        if fits <= 0 or fits >= self.count:
            return []
        return [RuledLines(fits, self.spacing), RuledLines(self.count - fits, self.spacing)]

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(colors.black)
        canvas.setLineWidth(0.5)
        canvas.setDash(1, 2)
        for index in range(self.count):
            y = (self.count - index - 1) * self.spacing + 1.5 * mm
            canvas.line(0, y, self.width, y)
        canvas.restoreState()


def _cell_table(rows, widths, *, valign="TOP", padding=0) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), valign),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),  # the table's default would be Helvetica
                ("LEFTPADDING", (0, 0), (-1, -1), padding),
                ("RIGHTPADDING", (0, 0), (-1, -1), padding),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


KEEP_TOGETHER = (
    "ỦY BAN",
    "NHÂN DÂN",
    "CÔNG AN",
    "TÒA ÁN",
    "KHU VỰC",
    "CƠ SỞ",
    "CAI NGHIỆN",
    "MA TÚY",
    "BẮT BUỘC",
    "LAO ĐỘNG",
    "THƯƠNG BINH",
    "XÃ HỘI",
    "TRUNG TÂM",
    "Y TẾ",
    "GIA ĐÌNH",
    "CỘNG ĐỒNG",
    "CẢNH SÁT",
    "ĐIỀU TRA",
    "TỘI PHẠM",
    "QUẢN LÝ",
    "TRẠI GIAM",
    "GIÁO DỤC",
    "GIÁO DƯỠNG",
    "THỊ TRẤN",
    "THỊ XÃ",
    "THÀNH PHỐ",
    "ĐẶC KHU",
    "GIÁM ĐỐC",
)
"""Two-syllable words of agency names (a Vietnamese word is written as separate syllables):
a heading never breaks between their syllables ("MA / TÚY")."""
UNIT_WORDS = ("TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG", "THỊ TRẤN", "THỊ XÃ", "THÀNH PHỐ", "ĐẶC KHU", "KHU VỰC", "SỐ")
"""Where a heading breaks best: before the name of the unit ("CƠ SỞ CAI NGHIỆN MA TÚY" / "TỈNH MINH HỌA")."""


def _starts_with(words: list[str], cut: int, phrase: str) -> bool:
    parts = phrase.split()
    return [word.upper().strip(",.;") for word in words[cut : cut + len(parts)]] == parts


def _inside_word(words: list[str], cut: int) -> bool:
    return any(
        _starts_with(words, start, phrase)
        for phrase in KEEP_TOGETHER
        for start in range(cut - len(phrase.split()) + 1, cut)
        if start >= 0
    )


def _unit_at(words: list[str], cut: int) -> bool:
    """A unit's name starts at ``cut`` ("XÃ AN BÌNH", not "XÃ HỘI")."""
    common = (phrase for phrase in KEEP_TOGETHER if phrase not in UNIT_WORDS)
    return any(_starts_with(words, cut, unit) for unit in UNIT_WORDS) and not any(
        _starts_with(words, cut, phrase) for phrase in common
    )


def balanced(text: str, style: str, width: float) -> str:
    """Markup of ``text`` on as few lines as fit, set as agency names are ("ỦY BAN NHÂN DÂN" /
    "HUYỆN PHÚ HÒA"): broken before a unit's name where that fits, else into lines of similar
    length; never inside a word of ``KEEP_TOGETHER`` nor beside a dash."""
    s = STYLES[style]
    if stringWidth(text, s.fontName, s.fontSize) <= width:
        return escape(text)
    words = text.split()
    allowed = [
        cut for cut in range(1, len(words)) if "-" not in (words[cut - 1], words[cut]) and not _inside_word(words, cut)
    ]
    for count in range(1, 4):
        best = None
        for cuts in combinations(allowed, count):
            bounds = (0, *cuts, len(words))
            lines = [" ".join(words[a:b]) for a, b in pairwise(bounds)]
            longest = max(stringWidth(line, s.fontName, s.fontSize) for line in lines)
            if longest > width:
                continue
            rank = (sum(not _unit_at(words, cut) for cut in cuts), longest)
            if best is None or rank < best[0]:
                best = (rank, lines)
        if best is not None:
            return "<br/>".join(escape(line) for line in best[1])
    return escape(text)


def heading_block(spec: DocumentSpec, data: Mapping, issued_on: dt.date) -> list[Flowable]:
    """Form reference, agency block facing the national heading, number, place and date."""
    left: list[Flowable] = []
    parent = nfc(data.get("agency_parent") or "").strip()
    if parent:
        left.append(P(balanced(upper(parent), "agency_parent", LEFT_COLUMN - 2 * mm), "agency_parent"))
    agency = " ".join(upper(data["agency_name"]).split())
    left.append(P(balanced(agency, "agency", LEFT_COLUMN - 2 * mm), "agency"))
    left.append(rule(_text_width(agency, "agency", LEFT_COLUMN - 2 * mm) * 0.4))
    number = nfc(data.get("number") or "").strip()
    if spec.numbered and number:
        left.append(P(f"Số: {escape(number)}", "number"))

    nation = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    motto = "Độc lập - Tự do - Hạnh phúc"
    right = [
        P(nation, "nation"),
        P(motto, "motto"),
        rule(_text_width(motto, "motto", RIGHT_COLUMN), after=5),
        P(escape(date_line(data["place_name"], issued_on)), "date"),
    ]
    return [
        P(escape(spec.reference), "reference"),
        Spacer(0, 3 * mm),
        _cell_table([[left, right]], [LEFT_COLUMN, RIGHT_COLUMN]),
    ]


def title_block(spec: DocumentSpec, *, subtitle_rule: bool = True) -> list[Flowable]:
    out: list[Flowable] = [P(escape(upper(spec.heading)), "title")]
    if spec.subtitle:
        out.append(P(escape(spec.subtitle), "subtitle"))
        if subtitle_rule:
            out.append(rule(_text_width(spec.subtitle, "subtitle", CONTENT_WIDTH) * 0.3, before=5, after=4))
    else:
        out.append(Spacer(0, 4))
    return out


def signer(
    title: str, name: str | None, note: str = "(Ký, ghi rõ họ tên, đóng dấu)", space: float = 20 * mm
) -> list[Flowable]:
    """One signature: the title (upper case, bold), the instruction in italics, room to sign, the name."""
    out = [P(markup(upper(title)), "sign_title"), P(escape(note), "sign_note"), Spacer(0, space)]
    out.append(P(markup(name) if name and str(name).strip() else "&nbsp;", "sign_name"))
    return out


def recipients_block(recipients) -> list[Flowable]:
    """ "Nơi nhận:" and its lines; ``recipients`` is a list of lines or one text with line breaks."""
    if isinstance(recipients, str):
        lines = [line.strip() for line in recipients.splitlines() if line.strip()]
    else:
        lines = [str(line).strip() for line in recipients if str(line).strip()]
    lines = [line if line.startswith("-") else f"- {line}" for line in lines]
    return [P("Nơi nhận:", "recipients_head"), P("<br/>".join(markup(line) for line in lines), "recipients")]


def signature_row(left: list[Flowable] | None, right: list[Flowable]) -> Flowable:
    return KeepTogether([Spacer(0, 6 * mm), _cell_table([[left or "", right]], [LEFT_COLUMN, RIGHT_COLUMN])])


def signature_columns(columns: list[list[Flowable]], widths: list[float] | None = None) -> Flowable:
    """Several signatures side by side (from ``signer``), row by row so that titles, notes and
    names line up across the columns even when one title takes two lines."""
    widths = widths or [CONTENT_WIDTH / len(columns)] * len(columns)
    rows = [list(parts) for parts in zip(*columns, strict=False)]
    return KeepTogether([Spacer(0, 6 * mm), _cell_table(rows, widths, padding=2)])


class FootQR(Flowable):
    """The QR code of the verification address and its caption, at the foot of the last page.

    When the room left under the text allows it, the block sits at the bottom of the text area
    (the flowable takes up the rest of the frame). Otherwise it is drawn smaller in the bottom
    margin of the same page, so that it never pushes a page of its own.
    """

    PAD = 3 * mm
    MARGIN_SIZE = 15 * mm  # size and height from the page edge when drawn in the bottom margin
    MARGIN_BOTTOM = 4 * mm

    def __init__(self, url: str, caption: Paragraph):
        super().__init__()
        self.url = url
        self.caption = caption
        self.in_frame = True

    def _block_height(self, size: float, width: float) -> float:
        _, caption_height = self.caption.wrap(width - size - 3 * mm, PAGE_HEIGHT)
        return max(size, caption_height)

    def wrap(self, available_width, available_height):
        self.width = available_width
        needed = self._block_height(QR_SIZE, available_width) + self.PAD
        self.in_frame = needed <= available_height
        self.height = available_height if self.in_frame else 0
        return self.width, self.height

    def split(self, available_width, available_height):
        return []

    def drawOn(self, canvas, x, y, _sW=0):
        size = QR_SIZE if self.in_frame else self.MARGIN_SIZE
        bottom = y if self.in_frame else self.MARGIN_BOTTOM
        block = self._block_height(size, self.width)
        widget = QrCodeWidget(self.url, barLevel="M")
        x0, y0, x1, y1 = widget.getBounds()
        drawing = Drawing(
            size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0], initialFontName=REGULAR
        )  # not Helvetica, which would be listed unembedded
        drawing.add(widget)
        drawing.drawOn(canvas, x, bottom + (block - size) / 2)
        caption_width = self.width - size - 3 * mm
        _, caption_height = self.caption.wrap(caption_width, PAGE_HEIGHT)
        self.caption.drawOn(canvas, x + size + 3 * mm, bottom + (block - caption_height) / 2)

    def draw(self):  # drawing is done in drawOn, with page coordinates
        pass


def qr_block(url: str, dossier_number: str, spec: DocumentSpec) -> Flowable:
    """QR code of the verification address with "Kiểm tra tính xác thực: <url>" beside it."""
    url = nfc(url).strip()
    caption = P(
        f"Kiểm tra tính xác thực: {escape(url)}<br/>"
        f"Hồ sơ số: {escape(nfc(dossier_number).strip())} · {escape(spec.reference)}",
        "caption",
    )
    return FootQR(url, caption)


DRAFT_MARK = "BẢN NHÁP"
DRAFT_NOTE = (
    "BẢN NHÁP – in từ thông tin đang nhập, chưa được ghi nhận vào hồ sơ; không có giá trị pháp lý, "
    "không có mã kiểm tra tính xác thực."
)


def draft_block() -> Flowable:
    """The foot of a draft, where an issued document has its QR code."""
    return P(escape(DRAFT_NOTE), "draft_note")


def _draft_watermark(canvas) -> None:
    canvas.saveState()
    canvas.setFont(BOLD, 96)
    canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.25))
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, -30, DRAFT_MARK)
    canvas.restoreState()
    canvas.saveState()
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN_LEFT, PAGE_HEIGHT - 12 * mm, DRAFT_MARK)
    canvas.restoreState()


def _later_page(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(MARGIN_LEFT + CONTENT_WIDTH / 2, PAGE_HEIGHT - 12 * mm, str(doc.page))
    canvas.restoreState()


def build_pdf(story: Iterable[Flowable], *, title: str, author: str, subject: str, draft: bool = False) -> bytes:
    """The PDF of ``story``; a ``draft`` carries "BẢN NHÁP" across and at the top of every page."""
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_LEFT,
        rightMargin=MARGIN_RIGHT,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=nfc(title),
        author=nfc(author),
        subject=nfc(subject),
        creator="cai-nghien-workflow",
        lang="vi",
        invariant=1,
        initialFontName=REGULAR,  # otherwise every page names Helvetica, an unembedded font
        initialFontSize=BODY_SIZE,
    )
    # No frame padding: the text block starts exactly at the margins.
    frame = Frame(
        MARGIN_LEFT,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )

    def first(canvas, doc) -> None:
        if draft:
            _draft_watermark(canvas)

    def later(canvas, doc) -> None:
        first(canvas, doc)
        _later_page(canvas, doc)

    doc.addPageTemplates(
        [
            PageTemplate(id="first", frames=[frame], autoNextPageTemplate="later", onPage=first),
            PageTemplate(id="later", frames=[frame], onPage=later),
        ]
    )
    doc.build(list(story))
    return buffer.getvalue()
