"""``--store keyring|encrypted-file``: the explicit choice of where secrets go, for every command
that stores or uses one (services/accounts/secrets.py)."""

from __future__ import annotations

import argparse

from portfolio_desktop.services.accounts import secrets


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store", choices=secrets.STORES, default=None,
        help="where secrets are kept on this computer, remembered for next time: keyring (the OS keyring, "
             "the default) or encrypted-file (for a computer without one; master password from "
             f"{secrets.PASSWORD_ENV} or typed)",
    )


def open_chosen_store(args: argparse.Namespace) -> secrets.SecretStore:
    """The store ``--store`` names (opened first, then remembered), else the remembered one."""
    choice = getattr(args, "store", None)
    return secrets.use_store(choice) if choice else secrets.open_store()
