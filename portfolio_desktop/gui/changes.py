"""Which capabilities a write changed, and which pages must therefore refresh.

A write op announces the capabilities it touched (:class:`Cap`); each page declares what it shows with
:meth:`ChangeBus.watch`. A page that is showing refreshes once per turn of the event loop however many
announcements arrive (coalesced); a hidden page (another tab) is only marked stale and refreshes when it
is shown again. This replaces one signal that reloaded every page after any write.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class Cap(enum.StrEnum):
    """What a write can change, by capability (the services' packages)."""

    ROSTERS = "rosters"  # students, classes, courses
    ITEMS = "items"  # learning-portfolio items, windows, caps
    NOTICES = "notices"  # receipts, notice batches, notice settings
    ACCOUNTS = "accounts"  # staff, grants, proxies
    WORKGROUP = "workgroup"  # meetings, consultations, compliance
    SETTINGS = "settings"  # school settings, UI preferences (dates are shown in the chosen format)
    ADMIN = "admin"  # backups, audit


ALL: frozenset[Cap] = frozenset(Cap)


class _Watch(QObject):
    """One page's subscription: what it shows, how to refresh it, whether it is stale."""

    def __init__(self, widget: QWidget, caps: frozenset[Cap], refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self.widget, self.caps, self.refresh = widget, caps, refresh
        self.stale = False
        self.pending = False
        widget.installEventFilter(self)

    def showing(self) -> bool:
        """Visible, or would be as soon as its window is shown (the current tab of a hidden window); a
        page that is a window of its own (not in the main window's tabs) always counts as showing."""
        widget = self.widget
        return widget.isVisible() or widget.isWindow() or widget.isVisibleTo(widget.window())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt signature
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.schedule()
        return False

    def schedule(self) -> None:
        self.stale = True
        if not self.pending:
            self.pending = True
            QTimer.singleShot(0, self._run)

    def _run(self) -> None:
        self.pending = False
        if not self.stale:
            return
        if not self.showing():
            return  # stays stale: refreshed when shown
        self.stale = False
        self.refresh()


class ChangeBus(QObject):
    """``changed(frozenset[Cap])`` after every announcement (the status bar, the exit backup listen)."""

    changed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._watches: list[_Watch] = []
        self.since_backup: set[Cap] = set()  # what changed since the last backup (gui/admin/auto_backup.py)

    def watch(self, widget: QWidget, caps: Iterable[Cap], refresh: Callable[[], None], *,
              stale: bool = False) -> None:
        """``widget`` shows data of ``caps``: call ``refresh`` after a change to any of them, now if it
        is showing (once, however many changes came in this turn), else when it is next shown.
        ``stale``: it has not read yet, so it refreshes as soon as it is shown."""
        watch = _Watch(widget, frozenset(caps), refresh)
        self._watches.append(watch)
        if stale:
            watch.schedule()
        widget.destroyed.connect(lambda _o=None, w=watch: self._forget(w))

    def _forget(self, watch: _Watch) -> None:
        if watch in self._watches:
            self._watches.remove(watch)

    def announce(self, caps: Iterable[Cap]) -> None:
        """Something of ``caps`` was written: refresh the pages that show it (now or when shown)."""
        changed = frozenset(caps)
        if not changed:
            return
        self.since_backup |= changed
        for watch in list(self._watches):
            if watch.caps & changed:
                watch.schedule()
        self.changed.emit(changed)

    def reload_all(self) -> None:
        """重新整理 (F5): every page is stale; the ones showing reload now."""
        for watch in list(self._watches):
            watch.schedule()

    def page_shown(self, widget: QWidget | None) -> None:
        """The main window switched to ``widget``: refresh its stale watches (also when the window
        itself is not on screen, as under the tests, where no Show event comes)."""
        for watch in list(self._watches):
            if watch.stale and widget is not None and (watch.widget is widget or widget.isAncestorOf(watch.widget)):
                watch.schedule()

    def pending(self) -> bool:
        """A refresh is scheduled and not yet run (what :meth:`OpRunner.wait_idle` waits for)."""
        return any(w.pending for w in self._watches)
