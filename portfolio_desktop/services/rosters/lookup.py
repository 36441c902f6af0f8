"""Looking up one student by 學號, for the services that act on one student's rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portfolio_desktop.errors import NotFoundError
from portfolio_desktop.store.models import Student


def find_student(session: Session, student_no: str) -> Student:
    student = session.scalar(select(Student).where(Student.student_no == student_no.strip()))
    if student is None:
        raise NotFoundError(f"沒有學號 {student_no} 的學生", f"there is no student {student_no}")
    return student
