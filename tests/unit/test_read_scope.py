"""The pure parts of services/read_scope.py: who is in a scope, which IDs leave masked, what a
narrowed listing says. (Which scope a person gets from the database: tests/integration/test_read_scope.py.)"""

from __future__ import annotations

from portfolio_desktop.domain.ids import mask_id
from portfolio_desktop.services.read_scope import ReadKind, ReadScope

FULL = "A123456789"


def test_the_whole_school_sees_everyone_and_says_nothing_about_narrowing() -> None:
    scope = ReadScope.office("dean")
    assert scope.whole_school and scope.mentor_class_ids is None
    assert scope.can_see(1, "day") and scope.can_see(99, "night")
    assert scope.narrowed_note(7) is None


def test_a_mentor_sees_their_classes_only() -> None:
    scope = ReadScope.mentor({3}, "lee")
    assert scope.can_see(3) and not scope.can_see(4, "day") and scope.mentor_class_ids == {3}
    zh, en = scope.narrowed_note(2, "位學生", "student(s)", export=True)  # type: ignore[misc]
    assert zh == "只匯出您可查看的 2 位學生（範圍：本班）" and en == "exported only the 2 student(s) you may see (their own class)"


def test_a_division_office_sees_its_division_and_single_students_count_alone() -> None:
    office = ReadScope("reg", kind=ReadKind.ROSTER, whole=False, divisions=frozenset({"day"}),
                       full_id_divisions=frozenset({"day"}))
    assert office.can_see(5, "day") and not office.can_see(5, "night")
    consultant = ReadScope("wu", kind=ReadKind.ROSTER, whole=False, class_ids=frozenset({2}),
                           student_ids=frozenset({40}))
    assert consultant.can_see(2) and consultant.can_see(9, "night", student_id=40)
    assert not consultant.can_see(9, "night", student_id=41)


def test_full_ids_only_for_the_registry_of_the_students_division() -> None:
    day_registry = ReadScope("reg", whole=False, divisions=frozenset({"day"}), full_id_divisions=frozenset({"day"}))
    assert day_registry.national_id(FULL, "day") == FULL
    assert day_registry.national_id(FULL, "night") == mask_id(FULL) == "A12****789"
    assert not day_registry.masks_any  # it sees only its own division
    both = ReadScope("reg2", whole=True, full_id_divisions=None)
    assert both.national_id(FULL, "night") == FULL and not both.masks_any
    dean = ReadScope.office("dean")
    assert dean.national_id(FULL, "day") == "A12****789" and dean.masks_any
    assert dean.national_id(None, "day") == ""
    mentor_and_registry = ReadScope("x", whole=False, divisions=frozenset({"day"}), class_ids=frozenset({7}),
                                    full_id_divisions=frozenset({"day"}))
    assert mentor_and_registry.masks_any  # the mentored class may be of the other division
