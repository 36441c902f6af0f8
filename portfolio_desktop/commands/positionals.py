"""One description per kind of positional argument, given to every command that takes it without
its own (``cli.build_parser`` calls :func:`describe`): `--help` says what each one is, in both
languages, the same way everywhere. tests/integration/test_readme_commands.py fails on a positional
this table does not know."""

from __future__ import annotations

import argparse

# dest → (zh, en); "file" depends on whether the command reads or writes it
HELP: dict[str, tuple[str, str]] = {
    "student_no": ("學號", "the student number"),
    "path": ("備份檔", "the backup file"),
    "username": ("人員的登入帳號", "the person's sign-in name"),
    "target": ("名單對象：處室（如 進修部教務組）或教師的帳號", "an office (e.g. 進修部教務組) or a teacher's sign-in name"),
    "item_id": ("項目編號（items list 的 id）", "the item's number (id in items list)"),
    "item_ids": ("項目編號，可多個（items list 的 id）", "item numbers, one or more (id in items list)"),
    "batch": ("通知批次編號（notices list-batches）", "the notice batch number (notices list-batches)"),
    "action": ("要做的事", "what to do"),
    "date": ("日期（民國 115/09/02 或西元 2026-09-02）", "the date (ROC 115/09/02 or 2026-09-02)"),
    "consultant": ("課程諮詢教師的帳號", "the consultation teacher's sign-in name"),
    "id": ("紀錄編號（list --json 的 id）", "the record's number (id in list --json)"),
}
FILE_READ = ("要匯入的檔案（.xlsx 或 .csv）", "the file to import (.xlsx or .csv)")
FILE_WRITE = ("要寫入的檔案（.xlsx）", "the file to write (.xlsx)")


def text(dest: str, command: tuple[str, ...], choices: object = None) -> str | None:
    """The help of positional ``dest`` of ``command``; None for a dest this table does not know."""
    if dest == "file":
        zh, en = FILE_WRITE if command[-1] == "export" else FILE_READ
    elif dest in HELP:
        zh, en = HELP[dest]
    else:
        return None
    listed = f"：{' | '.join(map(str, choices))}" if isinstance(choices, list | tuple) else ""
    return f"{zh}{listed} / {en}"


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], argparse.Action]]:
    """Every positional (not a sub-command) of the tree, with its command path."""
    found: list[tuple[tuple[str, ...], argparse.Action]] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) not in seen:
                    seen.add(id(sub))
                    found += walk(sub, (*path, name))
        elif not action.option_strings and not isinstance(action, argparse._HelpAction):
            found.append((path, action))
    return found


def describe(parser: argparse.ArgumentParser) -> None:
    """Give each positional without help its description from :data:`HELP`."""
    for path, action in walk(parser):
        if not action.help:
            action.help = text(action.dest, path, action.choices)
