"""The take-home sheet as a PDF: large type (13 pt body, nothing under 12 pt), one or two pages.

Its own small page loop rather than `pdf_pages.render_pdf`, whose staff header and footer are
in small type: everything on a patient's sheet is at least 12 pt.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from nurse_monitor.reports.pdf_pages import DPI, FONT_FAMILY, page_size_id
from nurse_monitor.reports.wording import e
from nurse_monitor.services.take_home import TakeHomeSheet

BODY_PT = 13.0
SMALLEST_PT = 12.0  # the floor for every word on the sheet
MARGIN_MM = 16.0
FOOTER_PX = 30.0


def take_home_html(sheet: TakeHomeSheet) -> str:
    parts = [
        f'<p style="font-size: 18pt; font-weight: bold; margin: 0;">{e(sheet.centre)}</p>',
        f'<p style="font-size: 16pt; font-weight: bold; margin-top: 4px;">{e(sheet.title)}</p>',
        f"<p>{e(sheet.patient)}</p>",
    ]
    for section in sheet.sections:
        parts.append(
            f'<p style="font-size: 15pt; font-weight: bold; margin-top: 10px; '
            f'margin-bottom: 2px;">{e(section.title)}</p>'
        )
        items = "".join(f"<li>{e(line)}</li>" for line in section.lines)
        parts.append(f'<ul style="margin-top: 0;">{items}</ul>')
    parts.append(
        f'<p style="font-size: {SMALLEST_PT}pt; font-weight: bold; margin-top: 10px;">'
        "Where this information comes from</p>"
    )
    sources = "".join(f"<li>{e(s)}</li>" for s in sheet.sources)
    parts.append(f'<ul style="font-size: {SMALLEST_PT}pt; margin-top: 0;">{sources}</ul>')
    return (
        f'<html><body style="font-size: {BODY_PT}pt; color: #111111;">'
        + "".join(parts)
        + "</body></html>"
    )


def take_home_pdf(sheet: TakeHomeSheet, page_size: str = "A4") -> bytes:
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
    writer.setTitle(f"{sheet.title} — {sheet.centre}")
    writer.setCreator("Nurse Monitor")
    paint_take_home(sheet, writer)
    buffer.close()
    return bytes(data.data())


def paint_take_home(sheet: TakeHomeSheet, device: QPagedPaintDevice) -> None:
    """The sheet's pages on a paged device: the PDF writer above, or a printer the nurse chose
    (the same words and sizes on paper as in the saved file)."""
    scale = device.logicalDpiY() / DPI
    margin = MARGIN_MM / 25.4 * device.logicalDpiY()
    footer_px = FOOTER_PX * scale
    body = QRectF(
        margin, margin, device.width() - 2 * margin, device.height() - 2 * margin - footer_px
    )
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    font = QFont(FONT_FAMILY)
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setPageSize(body.size())
    doc.setHtml(take_home_html(sheet))
    pages = doc.pageCount()
    painter = QPainter(device)
    footer_font = QFont(FONT_FAMILY)
    footer_font.setPointSizeF(SMALLEST_PT)
    try:
        for index in range(pages):
            if index:
                device.newPage()
            painter.save()
            painter.translate(body.left(), body.top() - index * body.height())
            context = QAbstractTextDocumentLayout.PaintContext()
            context.clip = QRectF(0, index * body.height(), body.width(), body.height())
            painter.setClipRect(context.clip)
            doc.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(footer_font)
            footer = QRectF(margin, body.bottom() + 6 * scale, body.width(), footer_px)
            painter.drawLine(
                QPointF(margin, body.bottom() + 4 * scale),
                QPointF(body.right(), body.bottom() + 4 * scale),
            )
            painter.drawText(
                footer,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{sheet.centre}",
            )
            painter.drawText(
                footer,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"Page {index + 1} of {pages}",
            )
    finally:
        painter.end()
