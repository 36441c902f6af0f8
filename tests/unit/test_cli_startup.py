"""The command line starts without the heavy libraries: they load where a command uses them.

Checked in a fresh interpreter (``sys.modules`` after the import), never by timing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from portfolio_desktop.io.central_files import ROSTER_KINDS
from portfolio_desktop.commands import central, secret_store
from portfolio_desktop.services.central import central_export
from portfolio_desktop.services.accounts import secrets
from portfolio_desktop.store import migrate

HEAVY = ("alembic", "openpyxl", "reportlab", "PySide6", "cryptography", "mako", "pygments", "keyring",
         "python_calamine", "fontTools", "sqlalchemy", "portfolio_desktop.services", "portfolio_desktop.store")


def loaded_after(code: str) -> list[str]:
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = set(loaded_after("import portfolio_desktop.cli"))
    assert not [m for m in HEAVY if m in loaded]


def test_building_every_parser_loads_no_heavy_library() -> None:
    loaded = set(loaded_after("from portfolio_desktop.cli import build_parser\nbuild_parser()"))
    assert not [m for m in HEAVY if m in loaded]


def _top_level(parser: argparse.ArgumentParser) -> set[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return set(sub.choices)


def test_each_family_registers_exactly_the_commands_the_map_gives_it() -> None:
    from portfolio_desktop import cli

    for family in cli.FAMILY_MODULES:
        names = {name for name, owner in cli.COMMAND_FAMILY.items() if owner == family}
        assert _top_level(cli.build_parser((family,))) == names, family
    assert _top_level(cli.build_parser()) == set(cli.COMMAND_FAMILY)


def test_a_command_line_builds_only_its_own_family() -> None:
    from portfolio_desktop.cli import family_of

    assert family_of(["--db", "x.sqlite3", "--user", "clerk", "roster", "list"]) == "roster"
    assert family_of(["--db=x.sqlite3", "proxies", "who", "T1"]) == "accounts"
    assert family_of(["notices", "--help"]) == "receipts"
    for every in ([], ["--help"], ["--version"], ["--db", "x"], ["no-such-command"]):
        assert family_of(every) is None  # every parser: the full help, argparse's own "invalid choice"
    loaded = set(loaded_after("from portfolio_desktop.cli import build_parser\nbuild_parser(('roster',))"))
    assert "portfolio_desktop.commands.roster" in loaded
    assert not {"portfolio_desktop.commands.items", "portfolio_desktop.commands.receipts",
                "portfolio_desktop.commands.workgroup", "portfolio_desktop.commands.accounts"} & loaded


def test_opening_the_main_window_module_loads_no_migration_key_store_or_file_library() -> None:
    """The window's code loads Qt, SQLAlchemy and the services; Alembic (a backup from an older version),
    the key store (an encrypted backup) and the file and PDF libraries load when an action needs them."""
    loaded = set(loaded_after("import portfolio_desktop.gui.app, portfolio_desktop.gui.main_window"))
    assert "PySide6.QtWidgets" in loaded and "sqlalchemy" in loaded
    assert not [m for m in ("alembic", "mako", "keyring", "cryptography", "openpyxl", "reportlab", "fontTools",
                            "python_calamine", "PySide6.QtPdf", "PySide6.QtPrintSupport") if m in loaded]


def test_the_constants_spelled_out_for_the_parsers_agree_with_the_services() -> None:
    assert secret_store.STORE_CHOICES == secrets.STORES
    assert secret_store.SECRETS_PASSWORD_ENV == secrets.PASSWORD_ENV
    assert tuple(central.EXPORT_KINDS) == central_export.WRITABLE_KINDS
    assert central.EXPORT_KINDS == {k: ROSTER_KINDS[k] for k in central_export.WRITABLE_KINDS}
    assert all(name.endswith("名冊") for name in ROSTER_KINDS.values())


def test_the_head_read_from_the_version_files_is_alembics_head() -> None:
    assert migrate.head_from_files() == migrate.head_revision()


def test_the_version_files_that_cannot_be_read_plainly_leave_the_head_to_alembic(tmp_path: Path) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    (versions / "a.py").write_text('revision = "a"\ndown_revision = None\n', encoding="utf-8")
    (versions / "b.py").write_text('revision = "b"\ndown_revision = "a"\n', encoding="utf-8")
    assert migrate.head_from_files(tmp_path) == "b"
    (versions / "c.py").write_text('revision = "c"\ndown_revision = "a"\n', encoding="utf-8")  # two heads
    assert migrate.head_from_files(tmp_path) is None
    (versions / "c.py").write_text('revision = "c"\ndown_revision = ("a", "b")\n', encoding="utf-8")  # a merge
    assert migrate.head_from_files(tmp_path) is None


def test_a_signed_in_command_at_head_loads_no_alembic(tmp_path: Path) -> None:
    """`roster list` on an up-to-date database: SQLAlchemy and the services load, Alembic does not."""
    db = tmp_path / "school.sqlite3"
    env_code = (
        "import os, sys\n"
        f"os.environ['PORTFOLIO_DB'] = {str(db)!r}\n"
        "os.environ['PORTFOLIO_PASSWORD'] = 'admin-password-113'\n"
        "from portfolio_desktop.cli import main\n"
        "assert main(['init', '--admin', 'admin']) == 0\n"
    )
    subprocess.run([sys.executable, "-c", env_code], check=True, capture_output=True)
    loaded = set(loaded_after(
        env_code.replace("assert main(['init', '--admin', 'admin']) == 0\n",
                         "assert main(['--user', 'admin', 'accounts', 'list']) == 0\n")
    ))
    assert "sqlalchemy" in loaded and "argon2" in loaded
    assert not [m for m in ("alembic", "openpyxl", "reportlab", "PySide6", "cryptography", "mako") if m in loaded]


def test_printing_notices_loads_no_file_reader() -> None:
    """The notice service draws with reportlab; the receipt import (and the spreadsheet readers behind it)
    loads only when a file is imported, though ``receipts.import_receipts`` still names it. The reply
    deadline reads the term's windows without the item tables."""
    loaded = set(loaded_after("import portfolio_desktop.services.notices.notices"))
    assert "reportlab" in loaded and "portfolio_desktop.store.window_models" in loaded
    assert not [m for m in ("portfolio_desktop.services.notices.receipt_import", "portfolio_desktop.io.tabular",
                            "python_calamine", "openpyxl", "portfolio_desktop.store.items_models") if m in loaded]
    named = set(loaded_after("from portfolio_desktop.services.notices import receipts\nreceipts.import_receipts"))
    assert "portfolio_desktop.services.notices.receipt_import" in named


def test_the_dashboard_reads_core_tables_without_the_item_and_receipt_classes() -> None:
    """A dashboard is a few milliseconds of SQL over three tables (store/progress_tables.py): the item
    and receipt classes are neither declared nor configured for it."""
    loaded = set(loaded_after("import portfolio_desktop.services.items.dashboard"))
    assert "portfolio_desktop.store.progress_tables" in loaded
    assert not [m for m in ("portfolio_desktop.store.items_models", "portfolio_desktop.store.receipts_models",
                            "portfolio_desktop.store.window_models") if m in loaded]
