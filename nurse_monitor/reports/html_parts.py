"""Small HTML pieces in the subset QTextDocument lays out well: sections, key-value grids, tables.

Everything passed in as `Cell` text is escaped here; `Markup` is HTML we built ourselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nurse_monitor.reports.wording import e

INK = "#1a1a1a"
MUTED = "#555555"
RULE = "#b0b0b0"
HEAD_BG = "#e8edf2"
FLAG_BG = "#fde7c8"  # an abnormal value (scored in NEWS2)
ALARM_BG = "#f8c9c4"  # a parameter that scored 3, a severe reaction


@dataclass(frozen=True)
class Markup:
    """HTML that is already safe (built here), as opposed to text that must be escaped."""

    html: str


Cell = str | Markup | None


def cell_html(value: Cell) -> str:
    return value.html if isinstance(value, Markup) else e(value)


def bold(text: Cell) -> Markup:
    return Markup(f"<b>{cell_html(text)}</b>")


def struck(text: Cell) -> Markup:
    return Markup(f'<span style="text-decoration: line-through;">{cell_html(text)}</span>')


def muted(text: Cell) -> Markup:
    return Markup(f'<span style="color: {MUTED};">{cell_html(text)}</span>')


def lines(items: Sequence[Cell]) -> Markup:
    """Several lines in one cell."""
    return Markup("<br/>".join(cell_html(i) for i in items) if items else e(None))


def section(title: str, *body: str, page_break: bool = False) -> str:
    brk = " page-break-before: always;" if page_break else ""
    return (
        f'<h2 style="font-size: 11pt; color: {INK}; margin-top: 14px; margin-bottom: 4px;{brk}">'
        f"{e(title)}</h2>" + "".join(body)
    )


def note(text: Cell) -> str:
    return f'<p style="color: {MUTED}; font-size: 7.5pt; margin-top: 2px;">{cell_html(text)}</p>'


def facts_grid(pairs: Sequence[tuple[str, Cell]], columns: int = 2) -> str:
    """Label-value pairs, `columns` pairs a row, labels muted."""
    label_width = 15 if columns == 2 else 22
    value_width = (100 - label_width * columns) // columns
    rows = []
    for start in range(0, len(pairs), columns):
        cells = []
        for label, value in pairs[start : start + columns]:
            cells.append(
                f'<td width="{label_width}%" style="color: {MUTED};">{e(label)}</td>'
                f'<td width="{value_width}%">{cell_html(value)}</td>'
            )
        cells += ["<td></td><td></td>"] * (columns - len(pairs[start : start + columns]))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        '<table width="100%" cellspacing="0" cellpadding="2" style="margin-bottom: 6px;">'
        + "".join(rows)
        + "</table>"
    )


@dataclass(frozen=True)
class Column:
    title: str
    width: int | None = None  # percent
    align: str = "left"


def table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[Cell]],
    *,
    shading: Sequence[Sequence[str | None]] | None = None,
    empty: str = "None recorded.",
    row_notes: Sequence[Cell] | None = None,
) -> str:
    """A ruled table whose header repeats on every page; `shading` colours single cells and a
    row's note (if any) spans the row below it, from the second column."""
    if not rows:
        return f'<p style="color: {MUTED};">{e(empty)}</p>'
    head = "".join(
        f'<th align="{c.align}"'
        + (f' width="{c.width}%"' if c.width else "")
        + f' style="background-color: {HEAD_BG}; border-bottom: 1px solid {RULE};">'
        + f"{e(c.title)}</th>"
        for c in columns
    )
    body = []
    for r, row in enumerate(rows):
        cells = []
        row_note = row_notes[r] if row_notes is not None else None
        rule = f"border-bottom: 0.5px solid {RULE};"
        for c, (column, value) in enumerate(zip(columns, row, strict=True)):
            bg = shading[r][c] if shading is not None else None
            style = "" if row_note else rule
            if bg:
                style += f" background-color: {bg};"
            cells.append(f'<td align="{column.align}" style="{style}">{cell_html(value)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
        if row_note:
            body.append(
                f'<tr><td style="{rule}"></td>'
                f'<td colspan="{len(columns) - 1}" style="{rule}">{cell_html(row_note)}</td></tr>'
            )
    return (
        '<table width="100%" cellspacing="0" cellpadding="3" '
        'style="border-collapse: collapse; margin-bottom: 4px;">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def document(body: str, *, base_pt: float = 8.5) -> str:
    return (
        "<html><head><style>"
        f"body {{ color: {INK}; font-size: {base_pt}pt; }}"
        "th { font-weight: bold; }"
        "</style></head><body>" + body + "</body></html>"
    )
