from parta.accounts.access import access_for
from parta.people.models import Student


def test_world_access_is_scoped(world):
    # given the two-school world
    a, b = world.a, world.b
    # then each role reaches exactly what DESIGN.md says
    assert access_for(world.user("director")).readable_school_ids == {a.school.pk}
    specialist = access_for(world.municipal_specialist)
    assert specialist.readable_school_ids == {a.school.pk, b.school.pk}
    assert not specialist.is_school_admin(a.school.pk)
    parent_students = set(Student.objects.visible_to(world.user("parent")))
    assert parent_students == {a.student}
    assert set(Student.objects.visible_to(world.user("student"))) == {a.student}
    assert set(Student.objects.visible_to(world.user("teacher"))) == {a.student, a.other_student}
    assert set(Student.objects.visible_to(world.user("teacher_no_class"))) == set()
    assert set(Student.objects.visible_to(world.user("director", "b"))) == {
        b.student,
        b.other_student,
    }
