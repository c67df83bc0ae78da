import pytest

from parta.demo import names


@pytest.mark.parametrize(
    ("masculine", "feminine"),
    [
        ("Иванов", "Иванова"),
        ("Соловьёв", "Соловьёва"),
        ("Ильин", "Ильина"),
        ("Островский", "Островская"),
        ("Троицкий", "Троицкая"),
        ("Мостовой", "Мостовая"),
        ("Черных", "Черных"),
        ("Шевченко", "Шевченко"),
        ("Ким", "Ким"),
    ],
)
def test_feminine_surname(masculine, feminine):
    assert names.feminine_surname(masculine) == feminine


def test_patronymic_by_sex():
    assert names.patronymic("Пётр", "m") == "Петрович"
    assert names.patronymic("Пётр", "f") == "Петровна"
    assert names.patronymic("Илья", "f") == "Ильинична"
    assert names.patronymic("Никита", "m") == "Никитич"


def test_every_adult_male_name_gives_patronymics():
    for name in names.ADULT_MALE_NAMES:
        male, female = names.PATRONYMICS[name]
        assert male.endswith(("ич",)), name
        assert female.endswith(("на",)), name


def test_name_lists_have_no_duplicates():
    for pool in (
        names.SURNAMES,
        names.ADULT_FEMALE_NAMES,
        names.CHILD_MALE_NAMES,
        names.CHILD_FEMALE_NAMES,
        names.STREETS,
    ):
        assert len(pool) == len(set(pool))


def test_translit_is_plain_ascii():
    assert names.translit("Щербакова") == "shcherbakova"
    assert names.translit("Соловьёв") == "solovev"
    assert names.translit("Юлия") == "yuliya"
    for surname in names.SURNAMES:
        login = names.translit(surname)
        assert login.isascii()
        assert login.isalpha()
