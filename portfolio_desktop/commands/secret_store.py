"""``--store keyring|encrypted-file``: the explicit choice of where secrets go, for every command
that stores or uses one (services/accounts/secrets.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the keyring loads when a command uses it, not when the parsers are built
    from portfolio_desktop.services.accounts import secrets

# services.secrets.STORES and PASSWORD_ENV, spelled out so that building the parser imports no
# keyring (tests/unit/test_cli_startup.py checks they agree)
STORE_CHOICES = ("keyring", "encrypted-file")
SECRETS_PASSWORD_ENV = "PORTFOLIO_SECRETS_PASSWORD"


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", choices=STORE_CHOICES, default=None,
        help="where secrets are kept on this computer, remembered for next time: keyring (the OS keyring, "
             "the default) or encrypted-file (for a computer without one; master password from "
             f"{SECRETS_PASSWORD_ENV} or typed)",
    )


def open_chosen_store(args: argparse.Namespace) -> secrets.SecretStore:
    """The store ``--store`` names (opened first, then remembered), else the remembered one."""
    from portfolio_desktop.services.accounts import secrets

    choice = getattr(args, "store", None)
    return secrets.use_store(choice) if choice else secrets.open_store()
