"""Run the real CLI in this process and SIGKILL it at the N-th database statement (the crash tests'
fault-injection hook; nothing of it is in the app, and it is off unless this module is the program).

``python -m tests.data.fault_points KILL_AT COUNT_FILE CLI-ARGS...`` (cwd = the project root):

- every statement any engine of the process sends (``after_cursor_execute``) and every ``COMMIT``
  (counted just before it is sent, and again once it returned) is one point, numbered from 1;
- ``KILL_AT`` > 0: the process kills itself with SIGKILL at that point — mid-transaction, right
  before a commit reaches SQLite or right after it returned, depending on where N falls;
- ``KILL_AT`` = 0: nothing is killed; the number of points reached is written to ``COUNT_FILE``
  when the command ends (the control run that tells the test how many points there are).

The exit code is the CLI's (``cli.main``).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine


class _Points:
    def __init__(self, kill_at: int) -> None:
        self.kill_at = kill_at
        self.reached = 0

    def hit(self, *_args: Any, **_kw: Any) -> None:
        self.reached += 1
        if self.reached == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    kill_at, count_file, *cli_args = argv
    points = _Points(int(kill_at))
    event.listen(Engine, "after_cursor_execute", points.hit)
    event.listen(Engine, "commit", points.hit)  # before the DBAPI commit
    from sqlalchemy.orm import Session

    event.listen(Session, "after_commit", points.hit)  # the commit has returned
    from portfolio_desktop import cli

    try:
        return cli.main(cli_args)
    finally:
        if points.kill_at == 0:
            Path(count_file).write_text(str(points.reached), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
