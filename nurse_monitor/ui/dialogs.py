"""Message boxes behind one small facade, so tests replace it instead of blocking on exec().

Widgets call `dialogs.error(...)` etc.; tests install a `RecordingDialogs` that records what
would have been shown and answers as scripted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget


class Dialogs:
    """The real dialogs."""

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.warning(parent, title, text)

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        answer = QMessageBox.question(parent, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        text, ok = QInputDialog.getText(parent, title, label)
        return text if ok else None

    def choose_folder(self, parent: QWidget | None, title: str) -> str | None:
        folder = QFileDialog.getExistingDirectory(parent, title, documents_folder())
        return folder or None

    def choose_file(self, parent: QWidget | None, title: str, suggested: str) -> str | None:
        start = str(Path(documents_folder()) / suggested)
        name, _ = QFileDialog.getSaveFileName(parent, title, start, "PDF (*.pdf)")
        return name or None

    def choose_printer(self, parent: QWidget | None, title: str) -> QPrinter | None:
        """The printer the user picks in the system's print dialog, or None if cancelled."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        return printer if dialog.exec() == QPrintDialog.DialogCode.Accepted else None


def documents_folder() -> str:
    """Where file pickers open: the user's documents folder (QStandardPaths), else home."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return found or str(Path.home())


@dataclass
class RecordingDialogs(Dialogs):
    """For tests: records every dialog and answers from scripted lists."""

    shown: list[tuple[str, str, str]] = field(default_factory=list)
    confirm_answers: list[bool] = field(default_factory=list)
    text_answers: list[str | None] = field(default_factory=list)
    path_answers: list[str | None] = field(default_factory=list)

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("error", title, text))

    def info(self, parent: QWidget | None, title: str, text: str) -> None:
        self.shown.append(("info", title, text))

    def confirm(self, parent: QWidget | None, title: str, text: str) -> bool:
        self.shown.append(("confirm", title, text))
        return self.confirm_answers.pop(0) if self.confirm_answers else True

    def ask_text(self, parent: QWidget | None, title: str, label: str) -> str | None:
        self.shown.append(("ask_text", title, label))
        return self.text_answers.pop(0) if self.text_answers else None

    def choose_folder(self, parent: QWidget | None, title: str) -> str | None:
        self.shown.append(("choose_folder", title, documents_folder()))
        return self.path_answers.pop(0) if self.path_answers else None

    def choose_file(self, parent: QWidget | None, title: str, suggested: str) -> str | None:
        self.shown.append(("choose_file", title, suggested))
        return self.path_answers.pop(0) if self.path_answers else None

    def choose_printer(self, parent: QWidget | None, title: str) -> QPrinter | None:
        """A "printer" that writes the scripted path as a PDF, so a test reads what was printed."""
        self.shown.append(("choose_printer", title, ""))
        path = self.path_answers.pop(0) if self.path_answers else None
        if path is None:
            return None
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        return printer


dialogs: Dialogs = Dialogs()
"""The dialogs in use; tests assign a RecordingDialogs here."""
