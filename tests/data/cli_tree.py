"""The command line's parser tree, walked the way the gate marks it."""

from __future__ import annotations

import argparse
from collections.abc import Iterator


def walk(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every leaf command of the tree, with its path of sub-command names."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subs:
        yield path, parser
        return
    for action in subs:
        seen: set[int] = set()
        for name, sub in action.choices.items():
            if id(sub) not in seen:  # an alias names the same parser
                seen.add(id(sub))
                yield from walk(sub, (*path, name))
