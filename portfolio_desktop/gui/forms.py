"""Load Qt Designer forms from ``ui/`` with QUiLoader.

Never ``loadUiType``: it runs ``pyside6-uic``, which a PyInstaller bundle does not contain
(pyinstaller#8151). ``config.ui_dir()`` finds the forms in a checkout and in a bundle alike.
The strings in a form are translated by QUiLoader through ``QCoreApplication.translate`` with the
form's class name as context, so the later translation pass covers them too.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QFile, QIODevice, QObject
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QVBoxLayout, QWidget

from portfolio_desktop.config import ui_dir
from portfolio_desktop.errors import PortfolioError

T = TypeVar("T", bound=QObject)


def load_form(name: str, host: QWidget) -> QWidget:
    """Load ``ui/<name>.ui`` and place it as the only content of ``host`` (a dialog or page)."""
    path = ui_dir() / f"{name}.ui"
    file = QFile(str(path))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise PortfolioError(f"找不到畫面檔 {path}", f"form file not found: {path}")
    try:
        loader = QUiLoader()
        form = loader.load(file, host)
    finally:
        file.close()
    if form is None:
        raise PortfolioError(f"無法載入畫面檔 {path}：{loader.errorString()}", f"cannot load form {path}")
    layout = host.layout()
    if layout is None:
        layout = QVBoxLayout(host)
    layout.addWidget(form)
    return form


def child(form: QObject, kind: type[T], name: str) -> T:
    """A named widget of the form, typed; a missing one is a programming error, said loudly."""
    found = form.findChild(kind, name)
    if found is None:
        raise LookupError(f"form {form.objectName()} has no {kind.__name__} named {name!r}")
    return found
