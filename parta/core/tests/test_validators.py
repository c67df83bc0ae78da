import pytest
from django.core.exceptions import ValidationError

from parta.core.validators import (
    format_snils,
    is_valid_inn,
    is_valid_ogrn,
    is_valid_snils,
    normalize_snils,
    snils_checksum,
    validate_snils,
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        pytest.param("112233445", 95, id="plain_sum_under_100"),
        pytest.param("087654303", 0, id="sum_202_mod_101_is_0"),
        pytest.param("087654302", 0, id="sum_201_mod_101_is_100_gives_0"),
        pytest.param("000000001", 1, id="sum_1"),
        pytest.param("920000100", 0, id="sum_exactly_100"),
        pytest.param("100000000", 9, id="single_digit"),
        pytest.param("999999999", 1, id="sum_405_mod_101"),
    ],
)
def test_snils_checksum(body, expected):
    assert snils_checksum(body) == expected


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param("112-233-445 95", True, id="formatted"),
        pytest.param("11223344595", True, id="digits_only"),
        pytest.param("112-233-445-95", True, id="dashes_only"),
        pytest.param("112-233-445 96", False, id="wrong_control"),
        pytest.param("112-233-44 95", False, id="too_short"),
        pytest.param("1122334459a", False, id="letter"),
        pytest.param("", False, id="empty"),
        pytest.param("001-001-998 00", True, id="before_checksums_existed"),
    ],
)
def test_is_valid_snils(value, valid):
    assert is_valid_snils(value) is valid


def test_validate_snils_message_names_the_problem():
    with pytest.raises(ValidationError) as info:
        validate_snils("112-233-445 96")
    assert info.value.code == "invalid_snils"


def test_snils_normalize_and_format_round_trip():
    assert normalize_snils("112-233-445 95") == "11223344595"
    assert format_snils("11223344595") == "112-233-445 95"


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param("7707083893", True, id="legal_entity_sberbank"),
        pytest.param("7707083894", False, id="legal_entity_bad_digit"),
        pytest.param("500100732259", True, id="individual"),
        pytest.param("500100732258", False, id="individual_bad_digit"),
        pytest.param("12345", False, id="too_short"),
        pytest.param("77070838AB", False, id="letters"),
    ],
)
def test_is_valid_inn(value, valid):
    assert is_valid_inn(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        pytest.param("1027700132195", True, id="ogrn_sberbank"),
        pytest.param("1027700132196", False, id="ogrn_bad_digit"),
        pytest.param("304500116000157", True, id="ogrnip"),
        pytest.param("304500116000158", False, id="ogrnip_bad_digit"),
        pytest.param("102770013219", False, id="too_short"),
    ],
)
def test_is_valid_ogrn(value, valid):
    assert is_valid_ogrn(value) is valid
