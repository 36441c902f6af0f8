"""Opening the one import dialog (:class:`~portfolio_desktop.gui.imports.import_dialog.ImportDialog`) for any
kind of import, from the main window's menus or from a page's button."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu, QWidget

from portfolio_desktop.gui import permissions
from portfolio_desktop.gui.central.central_dialog import CentralDialog
from portfolio_desktop.gui.changes import Cap
from portfolio_desktop.gui.context import PageContext
from portfolio_desktop.gui.imports.import_dialog import ImportDialog
from portfolio_desktop.gui.imports.import_kinds import (
    COURSES_IMPORT,
    ITEMS_IMPORT,
    PROXIES_IMPORT,
    RECEIPTS_IMPORT,
    ROSTER_IMPORT,
    WINDOWS_IMPORT,
    ImportKind,
)

_CHANGES = {
    ROSTER_IMPORT.key: {Cap.ROSTERS}, COURSES_IMPORT.key: {Cap.ROSTERS, Cap.ITEMS}, ITEMS_IMPORT.key: {Cap.ITEMS},
    WINDOWS_IMPORT.key: {Cap.ITEMS}, RECEIPTS_IMPORT.key: {Cap.NOTICES}, PROXIES_IMPORT.key: {Cap.ACCOUNTS},
}


def changes_of(kind: ImportKind) -> frozenset[Cap]:
    """What an import of ``kind`` changes (the pages showing it refresh)."""
    return frozenset(_CHANGES.get(kind.key, set(Cap)))


def open_import(
    window: QWidget, kind: ImportKind, *, term: str | None = None,
    on_imported: Callable[[Any], None] | None = None,
) -> ImportDialog:
    """Open the import dialog for ``kind`` over ``window`` — the main window or a page of it.

    The database, who acts and the op runner come from the session context of ``window`` (its ``ctx``)
    or of its top-level window. After an import that wrote, ``on_imported(report)`` runs, or else what the
    import changed is announced on the context's change bus. The dialog is kept as
    ``window.import_dialog`` and deletes itself when closed.
    """
    ctx = _context(window)
    dialog = ImportDialog(ctx, window, kind=kind, term=term)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if on_imported is not None:
        dialog.imported.connect(on_imported)
    else:
        dialog.imported.connect(lambda _r: ctx.changes.announce(changes_of(kind)))
    window.import_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog


def _context(window: QWidget) -> PageContext:
    """The session context of ``window`` or of its top-level window."""
    ctx = getattr(window, "ctx", None) or getattr(window.window(), "ctx", None)
    if ctx is None:
        raise TypeError(f"{window!r} has no session context to import with")
    return ctx  # type: ignore[no-any-return]


def add_import_actions(window: QMainWindow, menu: QMenu) -> list[QAction]:
    """名冊 → 匯入課程… / 匯入學習歷程項目… / 匯入作業期程…; disabled while a job runs."""
    made: list[QAction] = []
    menu.addSeparator()
    ctx = getattr(window, "ctx", None)
    for text, kind, name in (
        (QCoreApplication.translate("MainWindow", "匯入課程(&C)…"), COURSES_IMPORT, "importCoursesAction"),
        (QCoreApplication.translate("MainWindow", "匯入學習歷程項目(&P)…"), ITEMS_IMPORT, "importItemsAction"),
        (QCoreApplication.translate("MainWindow", "匯入作業期程(&W)…"), WINDOWS_IMPORT, "importWindowsAction"),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        if ctx is not None:  # offered only to who may run that import
            permissions.apply(action, ctx.why_not_import(kind.key))
        action.triggered.connect(lambda _c=False, k=kind: open_import(window, k))
        menu.addAction(action)
        made.append(action)
    central = QAction(QCoreApplication.translate("MainWindow", "中央資料庫名冊(&M)…"), window)
    central.setObjectName("centralRostersAction")
    central.triggered.connect(lambda _c=False: open_central(window))
    menu.addAction(central)  # each import / export inside is checked by its service
    made.append(central)
    jobs = ctx.ops if ctx is not None else getattr(window, "jobs", None)
    if jobs is not None:
        jobs.busy_changed.connect(lambda busy: permissions.set_busy(made, busy))
    return made


def open_central(window: QWidget) -> CentralDialog:
    """Open the central 名冊 dialog (gui/central/central_dialog.py) over ``window``, as :func:`open_import`
    opens the import dialog: kept as ``window.central_dialog``; an import that wrote reloads every view."""
    ctx = _context(window)
    dialog = CentralDialog(ctx, window)
    # a central 名冊 can carry students, courses, grades and items
    dialog.imported.connect(lambda _r: ctx.changes.announce({Cap.ROSTERS, Cap.ITEMS, Cap.NOTICES}))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.central_dialog = dialog  # type: ignore[attr-defined]
    dialog.open()
    return dialog
