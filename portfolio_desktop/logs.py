"""The log: what support reads when something went wrong (no Qt here; the GUI adds gui/error_dialog.py).

One rotating file per user, ``portfolio-desktop.log`` (2 MB × 5 files) in the platformdirs user log
folder (config.log_dir; ``PORTFOLIO_LOG_DIR`` overrides it), private to the user (0600 in a 0700
folder, io/private.py). :func:`setup` configures it once per process (again only if the folder
changes, as tests do) and installs ``sys.excepthook`` and ``threading.excepthook`` so that an error
nobody caught is written with its traceback instead of vanishing with a console the Windows build
does not have.

What is logged: the boundaries — a command's start (its sub-command and the arguments, password-like
option values hidden) and its end with the exit code, sign-ins (the user name only), imports (file,
counts), backups, files written (name and size), GUI start and stop, refusals (their English text) and
every unexpected error with its traceback.

What never is: passwords (the app never passes one to the log; URL passwords and the values of
password-like options are replaced by ``***``), environment variables, SQL statements' parameters
(SQLAlchemy's loggers stay at WARNING and ``[parameters: …]`` is cut from error texts), and full IDs:
every line, traceback included, is masked on its way to the file (身分證／居留證 A123456789 →
A12****789, the shape of domain/ids.py).
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import re
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from portfolio_desktop.config import USER_ENV, log_dir
from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.io.private import private_dir, private_file

LOGGER = "portfolio_desktop"
FILE_NAME = "portfolio-desktop.log"
MAX_BYTES = 2 * 1024 * 1024
BACKUP_COUNT = 4  # the current file plus four older ones: about 10 MB at most
FORMAT = "%(asctime)s %(levelname)s [%(process)d %(threadName)s] %(name)s: %(message)s"

_log = logging.getLogger(LOGGER)
_crash = logging.getLogger(f"{LOGGER}.crash")

# 身分證 (letter + 1/2), old 居留證 (letter + A–D), 2021 居留證 (letter + 8/9), then 8 digits; also in
# full-width or lower case as an imported file may hold them (domain/ids.py normalises those).
_ID = re.compile(
    r"(?<![0-9A-Za-z０-９Ａ-Ｚａ-ｚ])[A-Za-zＡ-Ｚａ-ｚ][12ABCDabcd89１２ＡＢＣＤａｂｃｄ８９][0-9０-９]{8}(?![0-9０-９])"
)
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^\s:/@]*:)[^\s@/]+@")
_SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")
_SECRET_OPTION = re.compile(r"^--?[\w-]*(pass|secret|token|key)[\w-]*$", re.IGNORECASE)


def mask(text: str) -> str:
    """``text`` with every ID masked (A12****789), URL passwords and SQL parameters hidden."""
    text = _ID.sub(lambda m: mask_id(m.group()), text)
    text = _URL_PASSWORD.sub(r"\1***@", text)
    return _SQL_PARAMETERS.sub("[parameters hidden]", text)


def safe_argv(argv: Sequence[str]) -> list[str]:
    """The command line as it may be logged: values of password-like options (``--password X``,
    ``--key=X``) become ``***`` and the rest is masked like every log line."""
    shown: list[str] = []
    hide_next = False
    for arg in argv:
        if hide_next:
            shown.append("***")
            hide_next = False
            continue
        name, eq, _value = arg.partition("=")
        if _SECRET_OPTION.match(name):
            shown.append(f"{name}=***" if eq else name)
            hide_next = not eq
        else:
            shown.append(mask(arg))
    return shown


class MaskingFormatter(logging.Formatter):
    """Formats as usual, then masks the whole text: message, arguments and traceback alike."""

    def format(self, record: logging.LogRecord) -> str:
        return mask(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating file that is 0600 from its first byte on (each new file after a rotation too), and
    that never lets a failure to log (disk full, the file held by another process) reach the user."""

    def _open(self) -> Any:
        stream = super()._open()
        private_file(self.baseFilename)
        return stream

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        pass  # the app goes on; a lost log line must not become a traceback on the screen


class _State:
    handler: logging.Handler | None = None
    path: Path | None = None


def log_file() -> Path | None:
    """The file being written, or None before :func:`setup` or when the folder cannot be written."""
    return _State.path


def setup() -> Path | None:
    """Log to the rotating file in :func:`config.log_dir` (once per process and folder); install the
    hooks. Returns the file, or None when the folder cannot be written (the app runs on, unlogged)."""
    target = log_dir() / FILE_NAME
    if _State.handler is not None and _State.path == target:
        return target
    root = logging.getLogger()
    if _State.handler is not None:
        root.removeHandler(_State.handler)
        _State.handler.close()
        _State.handler, _State.path = None, None
    try:
        private_dir(target.parent)
        handler = PrivateRotatingFileHandler(target, maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(MaskingFormatter(FORMAT))
    handler.setLevel(logging.INFO)
    root.addHandler(handler)
    # Only our loggers speak at INFO; SQLAlchemy's would log SQL and its parameters at INFO.
    _log.setLevel(logging.INFO)
    logging.getLogger("sqlalchemy").setLevel(logging.WARNING)
    _State.handler, _State.path = handler, target
    install_hooks()
    return target


def unexpected_message() -> tuple[str, str]:
    """What the user reads after an error the app did not expect (zh, en): where the details are."""
    where = log_file()
    if where is None:
        return ("發生未預期的錯誤，動作未完成（記錄檔無法寫入）。", "unexpected error; the action was not completed "
                "(the log file could not be written).")
    return (f"發生未預期的錯誤，動作未完成；詳細資料已寫入記錄檔 {where}，請提供給資訊組。",
            f"unexpected error; the action was not completed. The details were written to {where}; "
            "please pass them on to IT support.")


def details(exc: BaseException) -> str:
    """The traceback of ``exc`` as support needs it, masked like the log (the GUI's 複製詳細資料)."""
    from portfolio_desktop import __version__

    text = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    return mask(f"portfolio-desktop {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n{text}")


def log_exception(exc: BaseException, where: str) -> str:
    """Write ``exc`` with its traceback to the log (once, however many layers report it); returns
    :func:`details`."""
    done = getattr(exc, "_portfolio_logged", None)
    if isinstance(done, str):
        return done
    _crash.error("unexpected error in %s", where, exc_info=(type(exc), exc, exc.__traceback__))
    text = details(exc)
    try:
        exc._portfolio_logged = text  # type: ignore[attr-defined]
    except AttributeError:
        pass
    return text


def log_refusal(exc: BaseException, where: str) -> None:
    """A refusal the user was shown (a PortfolioError): its English text, masked."""
    _log.info("%s refused: %s: %s", where, type(exc).__name__, getattr(exc, "en", str(exc)))


# --------------------------------------------------------------------------------------- commands


def command_started(args: Any, argv: Sequence[str]) -> str:
    """Log a CLI command's start (its sub-command, the user named, the arguments as :func:`safe_argv`
    shows them); returns the name :func:`command_finished` logs."""
    func = getattr(args, "func", None)
    name = f"{getattr(args, 'command', '')} ({getattr(func, '__name__', '?')})"
    user = getattr(args, "user", None) or os.environ.get(USER_ENV) or "-"
    _log.info("command start: %s user=%s argv=%s", name, user, " ".join(safe_argv(argv)))
    return name


def command_finished(name: str, code: int) -> None:
    _log.info("command end: %s exit=%d", name, code)


# ------------------------------------------------------------------------------------------ hooks


class _Hooks:
    sys_previous: Any = None
    thread_previous: Any = None


def _on_uncaught(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """sys.excepthook: log the traceback; the user reads where it went, never the traceback itself."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if exc.__traceback__ is None:
        exc = exc.with_traceback(tb)
    log_exception(exc, "uncaught")
    previous = _Hooks.sys_previous
    if previous not in (None, sys.__excepthook__):
        previous(exc_type, exc, tb)  # a hook someone installed before us (a test runner) still sees it
    elif sys.stderr is not None:
        zh, en = unexpected_message()
        print(f"{zh}\n{en}", file=sys.stderr)


def _on_thread_uncaught(args: threading.ExceptHookArgs) -> None:
    """threading.excepthook: the same for a thread's error (logged, never printed)."""
    if args.exc_value is None or issubclass(args.exc_type, SystemExit):
        return
    exc = args.exc_value
    if exc.__traceback__ is None and args.exc_traceback is not None:
        exc = exc.with_traceback(args.exc_traceback)
    log_exception(exc, f"thread {args.thread.name if args.thread else '?'}")
    previous = _Hooks.thread_previous
    if previous not in (None, threading.__excepthook__):
        previous(args)


def install_hooks() -> None:
    """Install the two hooks (again if someone replaced them since); the GUI replaces them with its
    own, which also shows the error dialog (gui/error_dialog.py)."""
    if sys.excepthook is not _on_uncaught:
        _Hooks.sys_previous = sys.excepthook
        sys.excepthook = _on_uncaught
    if threading.excepthook is not _on_thread_uncaught:
        _Hooks.thread_previous = threading.excepthook
        threading.excepthook = _on_thread_uncaught
