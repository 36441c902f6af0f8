"""The process entry point: ``python -m portfolio_desktop``, the ``portfolio-desktop`` script and the
bundle's launcher all call :func:`run`."""

from __future__ import annotations


def run() -> int:
    """Pause the garbage collector until start-up is over (collector.py), then run the command line."""
    from portfolio_desktop import collector

    collector.pause_for_start_up()
    from portfolio_desktop.cli import main

    return main()


if __name__ == "__main__":
    raise SystemExit(run())
