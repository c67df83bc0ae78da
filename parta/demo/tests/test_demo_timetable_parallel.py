"""A school with parallel classes (students moving between them during the year): the demo
timetable still passes the timetable's clash search, students included."""

import pytest

from parta.demo.builder import seed_demo
from parta.people.models import Enrollment
from parta.timetable.models import TimetableEntry
from parta.timetable.services.conflicts import find_clashes


@pytest.mark.django_db
def test_no_clash_with_parallel_classes_and_moves():
    # given a 400-student school, where some students moved to a parallel class
    seed_demo(schools=1, students_per_school=400, seed=2026, lessons=False)
    assert Enrollment.objects.filter(end_date__isnull=False).exists()
    # when every entry is checked by the timetable's own clash search
    entries = list(TimetableEntry.objects.select_related("study_group", "school_class"))
    kinds = {entry.study_group.kind for entry in entries if entry.study_group is not None}
    assert kinds == {"subgroup", "cross_class"}
    # then none clashes (the moved students' subgroups never meet at the same time)
    assert [entry.pk for entry in entries if find_clashes(entry)] == []
