"""Checksums of Russian identifiers: СНИЛС, ИНН, ОГРН. Pure functions plus Django validators."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SNILS_RE = re.compile(r"^\d{3}-?\d{3}-?\d{3}[ -]?\d{2}$")


def normalize_snils(value: str) -> str:
    """Digits only: '112-233-445 95' → '11223344595'."""
    return re.sub(r"\D", "", value or "")


def format_snils(digits: str) -> str:
    digits = normalize_snils(digits)
    if len(digits) != 11:
        return digits
    return f"{digits[0:3]}-{digits[3:6]}-{digits[6:9]} {digits[9:11]}"


def snils_checksum(number9: str) -> int:
    """The two-digit control number of a СНИЛС body of nine digits (ПФР rules)."""
    total = sum(int(digit) * (9 - index) for index, digit in enumerate(number9))
    if total < 100:
        return total
    if total in (100, 101):
        return 0
    remainder = total % 101
    return 0 if remainder == 100 else remainder


def is_valid_snils(value: str) -> bool:
    if not _SNILS_RE.match((value or "").strip()):
        return False
    digits = normalize_snils(value)
    body, control = digits[:9], int(digits[9:])
    # Numbers up to 001-001-998 were issued before checksums existed.
    if int(body) <= 1001998:
        return True
    return snils_checksum(body) == control


def validate_snils(value: str) -> None:
    if not is_valid_snils(value):
        raise ValidationError(
            _("Invalid SNILS: check the digits (the check number does not match)."),
            code="invalid_snils",
        )


def _weighted_check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11 % 10


def is_valid_inn(value: str) -> bool:
    digits = value or ""
    if not digits.isdigit():
        return False
    if len(digits) == 10:
        return _weighted_check(digits, (2, 4, 10, 3, 5, 9, 4, 6, 8)) == int(digits[9])
    if len(digits) == 12:
        first = _weighted_check(digits, (7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        second = _weighted_check(digits, (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8))
        return first == int(digits[10]) and second == int(digits[11])
    return False


def validate_inn(value: str) -> None:
    if not is_valid_inn(value):
        raise ValidationError(
            _("Invalid INN: 10 or 12 digits with a correct check digit are required."),
            code="invalid_inn",
        )


_KPP_RE = re.compile(r"^\d{4}[\dA-Z]{2}\d{3}$")


def is_valid_kpp(value: str) -> bool:
    """КПП: tax office code (4 digits), reason code (2 digits or capital Latin letters),
    serial number (3 digits)."""
    return bool(_KPP_RE.match(value or ""))


def validate_kpp(value: str) -> None:
    if not is_valid_kpp(value):
        raise ValidationError(
            _(
                "Invalid KPP: 9 characters are required "
                "(4 digits, 2 digits or capital Latin letters, 3 digits)."
            ),
            code="invalid_kpp",
        )


def is_valid_ogrn(value: str) -> bool:
    digits = value or ""
    if not digits.isdigit():
        return False
    if len(digits) == 13:
        return int(digits[:12]) % 11 % 10 == int(digits[12])
    if len(digits) == 15:
        return int(digits[:14]) % 13 % 10 == int(digits[14])
    return False


def validate_ogrn(value: str) -> None:
    if not is_valid_ogrn(value):
        raise ValidationError(
            _(
                "Invalid OGRN: 13 digits (or 15 for an OGRNIP) with a correct check digit are required."
            ),
            code="invalid_ogrn",
        )
