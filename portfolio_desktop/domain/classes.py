"""How a class is named on screen and on paper (DOMAIN.md "Class (班級)").

科別 belongs to the student: small schools and 進修部 run 合班 classes whose students belong to
different departments. Such a class is shown as 「309 農場經營科／機械科 合班」; a class of one
department keeps its usual 「301　普通科」.
"""

from __future__ import annotations

from collections.abc import Sequence

COMBINED = "合班"
DEPARTMENT_SEPARATOR = "／"


def class_label(code: str, main: str | None, departments: Sequence[str] = ()) -> str:
    """「301　普通科」 / 「301」 / 「309 農場經營科／機械科 合班」.

    ``departments`` are the departments of the class's students in the order to show them; with more
    than one the class is a 合班. With none (an empty class) the class's own ``main`` department names it.
    """
    names = list(dict.fromkeys(d for d in departments if d))
    if len(names) > 1:
        return f"{code} {DEPARTMENT_SEPARATOR.join(names)} {COMBINED}"
    only = names[0] if names else main
    return code + (f"\u3000{only}" if only else "")
