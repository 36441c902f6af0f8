"""The class tree: 全校 → division (部別) → grade (年級) → class, with student and departed counts.

A QStandardItemModel is enough here (a few dozen nodes); each node carries the ids of the classes
under it, so selecting a division or grade filters the student table to all of its classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from portfolio_desktop.gui.i18n import QT_TRANSLATE_NOOP
from portfolio_desktop.gui.labels import division_text
from portfolio_desktop.services.rosters.roster_types import DIVISION_ORDER, ClassNode

CLASS_IDS_ROLE = Qt.ItemDataRole.UserRole + 10  # tuple[int, ...] of the classes under the node
CLASS_CODE_ROLE = Qt.ItemDataRole.UserRole + 11  # the class code, on class nodes only
KIND_ROLE = Qt.ItemDataRole.UserRole + 12  # "school" | "division" | "grade" | "class"

_GRADE = {1: QT_TRANSLATE_NOOP("ClassTreeModel", "一年級"), 2: QT_TRANSLATE_NOOP("ClassTreeModel", "二年級"),
          3: QT_TRANSLATE_NOOP("ClassTreeModel", "三年級")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClassTreeModel", text)


def _grade(grade: int) -> str:
    if grade in _GRADE:
        return _tr(_GRADE[grade])
    return QCoreApplication.translate("ClassTreeModel", "{grade} 年級").format(grade=grade)


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter  # once: combining Qt flags is slow in Python


def _count_items(students: int, departed: int) -> list[QStandardItem]:
    items = [QStandardItem(str(students)), QStandardItem(str(departed) if departed else "")]
    for item in items:
        item.setEditable(False)
        item.setTextAlignment(_RIGHT)
    return items


class ClassTreeModel(QStandardItemModel):
    """Columns: 班級 / 人數 / 離校."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.nodes: list[ClassNode] = []
        self.set_nodes([])

    def set_nodes(self, nodes: Iterable[ClassNode]) -> None:
        self.nodes = list(nodes)
        self.clear()
        self.setHorizontalHeaderLabels([QCoreApplication.translate("ClassTreeModel", "班級"),
                                        QCoreApplication.translate("ClassTreeModel", "人數"),
                                        QCoreApplication.translate("ClassTreeModel", "離校")])
        school = self._node(
            QCoreApplication.translate("ClassTreeModel", "全校"), "school", [n.id for n in self.nodes],
            sum(n.students for n in self.nodes), sum(n.departed for n in self.nodes),
        )
        self.appendRow(school)

        divisions: dict[tuple[int, str], list[ClassNode]] = {}
        for node in self.nodes:
            key = (DIVISION_ORDER.get(node.division_code, 9), node.division)
            divisions.setdefault(key, []).append(node)
        for (_order, division), members in sorted(divisions.items()):
            div_row = self._node(
                division_text(division), "division", [n.id for n in members],
                sum(n.students for n in members), sum(n.departed for n in members),
            )
            school[0].appendRow(div_row)
            grades: dict[int, list[ClassNode]] = {}
            for node in members:
                grades.setdefault(node.grade, []).append(node)
            for grade, in_grade in sorted(grades.items()):
                grade_row = self._node(
                    _grade(grade), "grade", [n.id for n in in_grade],
                    sum(n.students for n in in_grade), sum(n.departed for n in in_grade),
                )
                div_row[0].appendRow(grade_row)
                for node in sorted(in_grade, key=lambda n: n.code):
                    class_row = self._node(node.label, "class", [node.id], node.students, node.departed)
                    class_row[0].setData(node.code, CLASS_CODE_ROLE)
                    tips = []
                    if node.mentor:
                        tips.append(QCoreApplication.translate("ClassTreeModel", "導師：{mentor}").format(mentor=node.mentor))
                    if node.combined:  # 合班: how many students of each department
                        tips += [QCoreApplication.translate("ClassTreeModel", "{department}：{n} 人").format(
                            department=name, n=n) for name, n in node.departments]
                    if tips:
                        class_row[0].setToolTip("\n".join(tips))
                    grade_row[0].appendRow(class_row)

    @staticmethod
    def _node(text: str, kind: str, class_ids: list[int], students: int, departed: int) -> list[QStandardItem]:
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(tuple(class_ids), CLASS_IDS_ROLE)
        item.setData(kind, KIND_ROLE)
        return [item, *_count_items(students, departed)]
