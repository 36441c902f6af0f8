"""The dashboard's queries written by hand for the bare sqlite3 module: what benchmarks/dashboard.py
and the whole-process floor (benchmarks/floors.py) run against our service. Imports nothing."""

_SUMS = (
    "i.kind = 'clo'",
    "i.kind = 'clo' AND i.state IN ('certified','confirmed','selected','submitted')",
    "i.kind = 'clo' AND i.state = 'not_certified'",
    "i.kind = 'clo' AND i.state = 'uploaded'",
    "i.kind = 'clo' AND i.state IN ('confirmed','selected','submitted')",
    "i.kind = 'mp'",
    "i.kind = 'mp' AND i.state IN ('confirmed','selected','submitted')",
    "i.state IN ('confirmed','submitted')",
    "i.state = 'confirmed'",
)


def _counts(alias: bool) -> str:
    return ",\n  ".join(f"SUM(CASE WHEN {c} THEN 1 ELSE 0 END)" + (f" AS c{n}" if alias else "")
                        for n, c in enumerate(_SUMS))


RAW_CLASS = f"""
SELECT s.id, s.seat_no, s.student_no, s.name, s.status,
  {_counts(False)}
FROM student s LEFT OUTER JOIN portfolio_item i ON i.student_id = s.id AND i.term_id = ?
WHERE s.class_id = ? GROUP BY s.id ORDER BY s.seat_no IS NULL, s.seat_no, s.student_no"""
_AT_SCHOOL = "s.status NOT IN ('graduated','left','suspended','transferred_out','withdrawn')"
RAW_OVERVIEW = f"""
SELECT c.id, c.code, c.grade, c.mentor_name, d.name, count(s.id),
  SUM(CASE WHEN {_AT_SCHOOL} THEN 0 ELSE 1 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c0 > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c4 + p.c6 > 0 THEN 1 ELSE 0 END),
  SUM(CASE WHEN {_AT_SCHOOL} AND p.c7 > 0 THEN 1 ELSE 0 END),
  {", ".join(f"coalesce(sum(p.c{n}), 0)" for n in range(9))}
FROM school_class c JOIN division d ON c.division_id = d.id JOIN student s ON s.class_id = c.id
LEFT OUTER JOIN (
  SELECT i.student_id AS student_id,
  {_counts(True)}
  FROM portfolio_item i WHERE i.term_id = ? GROUP BY i.student_id
) AS p ON p.student_id = s.id
GROUP BY c.id ORDER BY d.id, c.code"""
