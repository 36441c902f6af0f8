"""Helpers for the Qt Linguist sources in resources/translations (used by update_translations.sh).

    ts_tool.py fill-source FILE.ts   every message's translation = its source text, finished (zh_TW:
                                     the code is written in Traditional Chinese)
    ts_tool.py check FILE.ts         list unfinished or empty translations; exit 1 if there are any
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from pathlib import Path


def _messages(root: ET.Element) -> list[tuple[str, ET.Element]]:
    return [(ctx.findtext("name") or "", msg) for ctx in root.iter("context") for msg in ctx.iter("message")]


def _write(tree: ET.ElementTree, path: Path) -> None:
    body = ET.tostring(tree.getroot(), encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def fill_source(path: Path) -> int:
    tree = ET.parse(path)
    changed = 0
    for _ctx, msg in _messages(tree.getroot()):
        tr = msg.find("translation")
        if tr is None:
            tr = ET.SubElement(msg, "translation")
        if tr.text != msg.findtext("source") or tr.get("type"):
            tr.text = msg.findtext("source")
            tr.attrib.pop("type", None)
            changed += 1
    _write(tree, path)
    return changed


def unfinished(path: Path) -> list[tuple[str, str]]:
    out = []
    for ctx, msg in _messages(ET.parse(path).getroot()):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("unfinished", "vanished", "obsolete") or not (tr.text or "").strip():
            out.append((ctx, msg.findtext("source") or ""))
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in ("fill-source", "check"):
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[1])
    if argv[0] == "fill-source":
        print(f"{path}: {fill_source(path)} translation(s) set to the source text")
        return 0
    missing = unfinished(path)
    for ctx, source in missing:
        print(f"{path}: untranslated [{ctx}] {source!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
