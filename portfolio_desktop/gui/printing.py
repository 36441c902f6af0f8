"""Printing a page's HTML list (未完成名單, 本班概況) on the chosen printer or into a PDF file: one way."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget


def print_html(parent: QWidget, html: str, printer: QPrinter, orientation: QPageLayout.Orientation) -> None:
    """Lay ``html`` out on ``printer``'s pages in ``orientation``."""
    doc = QTextDocument(parent)
    doc.setHtml(html)
    printer.setPageOrientation(orientation)
    doc.print_(printer)


def pdf_printer(path: Path) -> QPrinter:
    """A printer that writes a PDF file at ``path`` (what 列印 → PDF and the tests use)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer
