"""Opening the one import dialog (:class:`~portfolio_desktop.gui.imports.import_dialog.ImportDialog`) for any
kind of import, from the main window's menus or from a page's button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports.import_kinds import COURSES_IMPORT, ITEMS_IMPORT, WINDOWS_IMPORT, ImportKind
from portfolio_desktop.services import import_mappings


def open_import(
    window: QWidget, kind: ImportKind, *, term: str | None = None,
    on_imported: Callable[[Any], None] | None = None,
) -> ImportDialog:
    """Open the import dialog for ``kind`` over ``window`` — the main window or a page of it.

    ``db``, ``actor`` and ``jobs`` come from ``window`` or else from its top-level window (a page
    shown on its own gets a job manager of the dialog's own). After an import that wrote,
    ``on_imported(report)`` runs, or else the window's ``data_changed`` is emitted so every view
    reloads. The dialog is kept as ``window.import_dialog`` (tests drive it) and deletes itself when
    closed.
    """
    top = window.window()

    def find(name: str) -> Any:
        value = getattr(window, name, None)
        return value if value is not None else getattr(top, name, None)

    dialog = ImportDialog(find("db"), find("actor"), find("jobs"), window, kind=kind, term=term)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_imported is not None:
        dialog.imported.connect(on_imported)
    elif (changed := find("data_changed")) is not None:
        dialog.imported.connect(lambda _r: changed.emit())
    window.import_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def add_import_actions(window: QMainWindow, menu: QMenu) -> list[QAction]:
    """名冊 → 匯入課程… / 匯入學習歷程項目… / 匯入作業期程… (issue 4); disabled while a job runs."""
    made: list[QAction] = []
    menu.addSeparator()
    db, actor = getattr(window, "db", None), getattr(window, "actor", None)
    for text, kind, name in (
        (QCoreApplication.translate("MainWindow", "匯入課程(&C)…"), COURSES_IMPORT, "importCoursesAction"),
        (QCoreApplication.translate("MainWindow", "匯入學習歷程項目(&P)…"), ITEMS_IMPORT, "importItemsAction"),
        (QCoreApplication.translate("MainWindow", "匯入作業期程(&W)…"), WINDOWS_IMPORT, "importWindowsAction"),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        if db is not None and actor is not None:  # offered only to who may run that import
            permissions.apply(action, import_mappings.why_not(db, actor, kind.key))
        action.triggered.connect(lambda _c=False, k=kind: open_import(window, k))
        menu.addAction(action)
        made.append(action)
    jobs = getattr(window, "jobs", None)
    if jobs is not None:
        jobs.busy_changed.connect(lambda busy: permissions.set_busy(made, busy))
    return made
