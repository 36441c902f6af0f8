"""The process entry point: ``python -m portfolio_desktop``, the ``portfolio-desktop`` script and the
bundle's launcher all call :func:`run`."""

from __future__ import annotations

import sys


def run() -> int:
    """Pause the garbage collector until start-up is over (collector.py), then run the command line.

    A command that has finished ends the process at once (:func:`end_now`); the window returns."""
    from portfolio_desktop import collector

    collector.pause_for_start_up()
    from portfolio_desktop.cli import family_of, main

    code = main()
    if family_of(sys.argv[1:]) is not None:  # a command (not the window, not --help)
        end_now(code)
    return code


def end_now(code: int) -> None:
    """End a finished command's process without tearing the interpreter down.

    Tearing down unloads every module (SQLAlchemy's alone holds some 100,000 objects), which costs a
    command about 10 ms and does nothing for it: its database connections are closed (the gate
    disposes the engines), its files are written and closed (io/durable.py). What still matters is
    done here first: the log handlers and the two output streams are flushed and closed
    (``logging.shutdown``, what ``atexit`` would do). A process with another non-daemon thread still
    running (none of ours: the password check is a daemon) ends the ordinary way, after it.
    """
    import logging
    import os
    import threading

    if any(t is not threading.main_thread() and t.is_alive() and not t.daemon for t in threading.enumerate()):
        return
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe, a closed stream: nothing more to say to it
            pass
    os._exit(code)


if __name__ == "__main__":
    raise SystemExit(run())
