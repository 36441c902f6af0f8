"""The README's command reference matches the commands: every leaf command of ``build_parser()``
is named there, and every option a README line gives its command exists in that command's parser."""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path

from portfolio_desktop.cli import build_parser
from portfolio_desktop.commands.gate import leaf_commands

README = Path(__file__).resolve().parents[2] / "README.md"
LEAVES = dict(leaf_commands(build_parser()))


def reference_lines() -> list[list[str]]:
    """The README's command lines, as words after `portfolio-desktop` (global options left out)."""
    lines = []
    for line in README.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("portfolio-desktop "):
            words = line.split("#", 1)[0].split()[1:]
            lines.append([w for w in words if w not in ("[--db", "PATH]")])
    return lines


def commands_of(words: list[str]) -> set[tuple[str, ...]]:
    """The command paths a line names: its leading words, each `a|b|c` meaning any of them."""
    parts: list[list[str]] = []
    for word in words:
        if word.startswith(("-", "[", "…")) or not all(p.isascii() and p.replace("-", "").isalpha()
                                                     for p in word.split("|")):
            break
        parts.append(word.split("|"))
    return {combo for n in range(1, len(parts) + 1) for combo in itertools.product(*parts[:n])}


def options_of(words: list[str]) -> set[str]:
    return {w.strip("[]").split("=")[0] for w in words if w.strip("[").startswith("--")}


def test_every_command_is_in_the_readme() -> None:
    named = set().union(*(commands_of(words) for words in reference_lines()))
    assert [" ".join(c) for c in LEAVES if c not in named] == []


def test_every_option_in_the_readme_exists() -> None:
    wrong = []
    for words in reference_lines():
        leaves = [c for c in commands_of(words) if c in LEAVES]
        for option in options_of(words):
            if leaves and not any(option in _options(LEAVES[c]) for c in leaves):
                wrong.append((" ".join(words[:3]), option))
    assert wrong == []


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for a in parser._actions for o in a.option_strings}


def test_every_positional_says_what_it_is() -> None:
    from portfolio_desktop.commands.positionals import walk

    assert [(" ".join(path), a.dest) for path, a in walk(build_parser()) if not a.help] == []
