"""Reading the CLI's ``--json`` listings (docs/JSON.md): a list is JSON Lines, one object per line."""

from __future__ import annotations

import json
from typing import Any


def json_lines(text: str) -> list[dict[str, Any]]:
    """The objects of a JSON Lines listing, in order."""
    return [json.loads(line) for line in text.splitlines() if line.strip()]
