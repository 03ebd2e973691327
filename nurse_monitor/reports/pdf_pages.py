"""Paged PDF from a QTextDocument: header and footer on every page, "Page X of Y", drawings.

QPdfWriter at 96 dpi (at 300 dpi pyqtgraph's axis labels come out huge), our own margins, and
the document laid out to the body's size so table rows never straddle a page break and a
`<thead>` repeats on each page. A drawing (the vitals chart) is a text object that flows with
the text and is painted through the PDF's own painter, so it stays vector.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QPointF,
    QRect,
    QRectF,
    QSizeF,
    Qt,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QPyTextObject,
    QTextCharFormat,
    QTextDocument,
    QTextFormat,
)

DrawFunction = Callable[[QPainter, QRectF], None]
"""Paints into a rectangle of any painter, e.g. `VitalsChart.render_into`."""

DPI = 96
PAGE_SIZES = {"A4": QPageSize.PageSizeId.A4, "Letter": QPageSize.PageSizeId.Letter}
MARGIN_MM = 14.0
HEADER_PX = 40.0  # header band (two lines) plus the gap under it
FOOTER_PX = 38.0
PAGE_NUMBER_PX = 96.0  # room kept for "Page 12 of 12" at the right of the footer
INK = QColor("#1a1a1a")
MUTED = QColor("#555555")
RULE = QColor("#9a9a9a")
FONT_FAMILY = "DejaVu Sans"

_DRAWING_TYPE = QTextFormat.ObjectTypes.UserObject + 1
_PROP_NAME = QTextFormat.Property.UserProperty + 1
_PROP_WIDTH = QTextFormat.Property.UserProperty + 2
_PROP_HEIGHT = QTextFormat.Property.UserProperty + 3


@dataclass(frozen=True)
class PageFrame:
    """What every page says around the body."""

    header_left: str
    header_right: str
    footer_left: str
    footer_right_prefix: str = ""  # before "Page X of Y"


@dataclass(frozen=True)
class Drawing:
    """A vector drawing placed where `[[name]]` stands alone in a paragraph of the HTML."""

    draw: DrawFunction
    height_px: float
    width_px: float | None = None  # None: the body's width


class _DrawingObject(QPyTextObject):
    """Qt's text-object hook: sizes the drawing in the layout, paints it when the page is drawn."""

    def __init__(self, drawings: Mapping[str, Drawing]) -> None:
        super().__init__()
        self.drawings = drawings

    def intrinsicSize(self, doc: QTextDocument, pos: int, fmt: QTextFormat) -> QSizeF:
        return QSizeF(fmt.doubleProperty(_PROP_WIDTH), fmt.doubleProperty(_PROP_HEIGHT))

    def drawObject(
        self,
        painter: QPainter,
        rect: QRectF | QRect,
        doc: QTextDocument,
        pos: int,
        fmt: QTextFormat,
    ) -> None:
        drawing = self.drawings.get(fmt.stringProperty(_PROP_NAME))
        if drawing is None:
            return
        painter.save()
        try:
            drawing.draw(painter, QRectF(rect))
        finally:
            painter.restore()


def page_size_id(name: str) -> QPageSize.PageSizeId:
    """A4 or Letter (case-insensitive); anything else is refused with the choices."""
    for key, value in PAGE_SIZES.items():
        if key.lower() == name.strip().lower():
            return value
    raise ValueError(f"page size {name!r}: choose A4 or Letter")


def body_width_px(page_size: str) -> float:
    """The width text and drawings get on a page of this size."""
    full = QPageSize(page_size_id(page_size)).sizePixels(DPI)
    return full.width() - 2 * _mm(MARGIN_MM)


def render_pdf(
    html: str,
    frame: PageFrame,
    *,
    page_size: str = "A4",
    title: str = "",
    drawings: Mapping[str, Drawing] | None = None,
    base_point_size: float = 8.5,
) -> bytes:
    """The HTML laid out on pages of `page_size`, framed, as the bytes of a PDF."""
    drawings = dict(drawings or {})
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(page_size_id(page_size)),
            QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    writer.setTitle(title)
    writer.setCreator("Nurse Monitor")
    full = QRectF(0, 0, writer.width(), writer.height())
    margin = _mm(MARGIN_MM)
    body = QRectF(
        margin,
        margin + HEADER_PX,
        full.width() - 2 * margin,
        full.height() - 2 * margin - HEADER_PX - FOOTER_PX,
    )

    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(_font(base_point_size))
    doc.setDocumentMargin(0)
    handler = _DrawingObject(drawings)
    doc.documentLayout().registerHandler(_DRAWING_TYPE, handler)
    doc.setPageSize(body.size())  # before the content: the layout is done once, paged
    doc.setHtml(html)
    for name, drawing in drawings.items():
        _place_drawing(doc, name, drawing.width_px or body.width(), drawing.height_px)
    if drawings:
        # Placing a drawing re-lays the text only in part: blocks after the last table were
        # left with no lines and never drawn (the record lost its "Alarms" heading). Lay it
        # all out again.
        doc.markContentsDirty(0, doc.characterCount())

    pages = doc.pageCount()
    painter = QPainter(writer)
    try:
        for index in range(pages):
            if index:
                writer.newPage()
            _paint_body(painter, doc, body, index)
            _paint_frame(painter, frame, full, margin, index + 1, pages)
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def _mm(millimetres: float) -> float:
    return millimetres / 25.4 * DPI


def _font(point_size: float, *, bold: bool = False) -> QFont:
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    # No "fi" ligatures: the text of the record must extract and search as typed.
    font.setFeature(QFont.Tag("liga"), 0)
    return font


def _place_drawing(doc: QTextDocument, name: str, width: float, height: float) -> None:
    cursor = doc.find(f"[[{name}]]")
    if cursor.isNull():
        raise ValueError(f"the report has no place for the drawing {name!r}")
    fmt = QTextCharFormat()
    fmt.setObjectType(_DRAWING_TYPE)
    fmt.setProperty(_PROP_NAME, name)
    fmt.setProperty(_PROP_WIDTH, float(width))
    fmt.setProperty(_PROP_HEIGHT, float(height))
    cursor.insertText("\ufffc", fmt)


def _paint_body(painter: QPainter, doc: QTextDocument, body: QRectF, index: int) -> None:
    painter.save()
    try:
        top = index * body.height()
        painter.translate(body.left(), body.top() - top)
        clip = QRectF(0, top, body.width(), body.height())
        painter.setClipRect(clip)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = clip
        context.palette.setColor(context.palette.ColorRole.Text, INK)
        doc.documentLayout().draw(painter, context)
    finally:
        painter.restore()


def _paint_frame(
    painter: QPainter, frame: PageFrame, full: QRectF, margin: float, page: int, pages: int
) -> None:
    width = full.width() - 2 * margin
    painter.save()
    try:
        painter.setPen(QPen(INK))
        painter.setFont(_font(9.5, bold=True))
        top = QRectF(margin, margin, width, 18)
        painter.drawText(
            top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, frame.header_left
        )
        painter.setFont(_font(8.5))
        painter.setPen(QPen(MUTED))
        painter.drawText(
            top, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, frame.header_right
        )
        painter.setPen(QPen(RULE, 0.8))
        rule_y = margin + 22
        painter.drawLine(QPointF(margin, rule_y), QPointF(margin + width, rule_y))

        bottom_y = full.height() - margin - FOOTER_PX + 10
        painter.drawLine(QPointF(margin, bottom_y), QPointF(margin + width, bottom_y))
        footer = QRectF(margin, bottom_y + 4, width, FOOTER_PX - 10)
        painter.setPen(QPen(MUTED))
        painter.setFont(_font(7.5))
        painter.drawText(
            footer.adjusted(0, 0, -PAGE_NUMBER_PX, 0),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap,
            frame.footer_left,
        )
        painter.setPen(QPen(INK))
        painter.setFont(_font(8.5, bold=True))
        painter.drawText(
            footer,
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            f"{frame.footer_right_prefix}Page {page} of {pages}",
        )
    finally:
        painter.restore()
