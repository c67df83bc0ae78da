import pytest

from parta.core.sqlite import unicode_like
from parta.people.models import Person


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        pytest.param("%иван%", "Иванова", True, id="cyrillic_case_folded"),
        pytest.param("%ЁЛК%", "ёлкин", True, id="yo"),
        pytest.param("ив_н%", "Иван", True, id="underscore_one_char"),
        pytest.param("%50\\%%", "скидка 50%", True, id="escaped_percent"),
        pytest.param("%петр%", "Иванова", False, id="no_match"),
        pytest.param("ab", "abc", False, id="whole_value_must_match"),
    ],
)
def test_unicode_like(pattern, value, matches):
    assert unicode_like(pattern, value, "\\") is matches


def test_null_is_null():
    assert unicode_like("%a%", None) is None


def test_icontains_finds_cyrillic_in_any_case_on_every_database(db):
    Person.objects.create(last_name="Иванова", first_name="Анна")
    assert Person.objects.filter(last_name__icontains="иванова").count() == 1
    assert Person.objects.filter(last_name__icontains="ИВАН").count() == 1
    assert Person.objects.filter(last_name__iexact="иванова").count() == 1
