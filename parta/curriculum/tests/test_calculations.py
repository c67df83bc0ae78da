"""Pure arithmetic: annual hours, the federal range and the coverage of a plan by the load."""

from decimal import Decimal

import pytest

from parta.curriculum.calculations import (
    LoadRow,
    PlanLine,
    annual_hours,
    coverage,
    range_warning,
    study_weeks,
)

D = Decimal


@pytest.mark.parametrize(("grade", "weeks"), [(1, 33), (2, 34), (5, 34), (11, 34)])
def test_study_weeks(grade, weeks):
    assert study_weeks(grade) == weeks


@pytest.mark.parametrize(
    ("hours", "grade", "annual"),
    [(D("21"), 1, D("693")), (D("0.5"), 5, D("17")), (D("29"), 5, D("986")), (D("1"), 1, D("33"))],
)
def test_annual_hours(hours, grade, annual):
    assert annual_hours(hours, grade) == annual


@pytest.mark.parametrize(
    ("grade", "annual", "warned", "too_few"),
    [
        (1, D("620"), False, None),
        (1, D("653"), False, None),
        (1, D("619.5"), True, True),
        (1, D("654"), True, False),
        (5, D("986"), False, None),
        (5, D("985"), True, True),
        (9, D("1224"), False, None),
        (9, D("1225"), True, False),
        (10, D("1085"), False, None),
        (11, D("1259"), True, False),
        (None, D("1"), False, None),
        (12, D("1"), False, None),
    ],
)
def test_range_warning(grade, annual, warned, too_few):
    warning = range_warning(grade, annual)
    assert (warning is not None) == warned
    if warning is not None:
        assert warning.too_few is too_few
        assert f"grade {grade}" in warning.message


def _by_key(lines):
    return {(line.class_id, line.subject_id): line for line in lines}


@pytest.mark.parametrize(
    ("plan", "load", "subgroups", "expected"),
    [
        # exactly covered by a class row
        ([("5А", "math", "5")], [("5А", "math", "5", None)], {}, {("5А", "math"): ("0", "0")}),
        # covered by two class rows (two teachers share)
        (
            [("5А", "math", "5")],
            [("5А", "math", "3", None), ("5А", "math", "2", None)],
            {},
            {("5А", "math"): ("0", "0")},
        ),
        # nothing assigned
        ([("5А", "math", "5")], [], {}, {("5А", "math"): ("5", "0")}),
        # too much
        ([("5А", "math", "5")], [("5А", "math", "6", None)], {}, {("5А", "math"): ("0", "1")}),
        # load without a plan line is all surplus
        ([], [("5А", "art", "1", None)], {}, {("5А", "art"): ("0", "1")}),
        # both subgroups carry the full hours
        (
            [("5А", "eng", "3")],
            [("5А", "eng", "3", "g1"), ("5А", "eng", "3", "g2")],
            {("5А", "eng"): ["g1", "g2"]},
            {("5А", "eng"): ("0", "0")},
        ),
        # one subgroup short: missing is the shortfall of the weakest subgroup
        (
            [("5А", "eng", "3")],
            [("5А", "eng", "3", "g1"), ("5А", "eng", "2", "g2")],
            {},
            {("5А", "eng"): ("1", "0")},
        ),
        # a declared subgroup without load counts as 0
        (
            [("5А", "eng", "3")],
            [("5А", "eng", "3", "g1")],
            {("5А", "eng"): ["g1", "g2"]},
            {("5А", "eng"): ("3", "0")},
        ),
        # one subgroup over: surplus
        (
            [("5А", "eng", "3")],
            [("5А", "eng", "4", "g1"), ("5А", "eng", "3", "g2")],
            {},
            {("5А", "eng"): ("0", "1")},
        ),
        # half hours, two classes kept apart
        (
            [("5А", "mus", "0.5"), ("5Б", "mus", "0.5")],
            [("5А", "mus", "0.5", None)],
            {},
            {("5А", "mus"): ("0", "0"), ("5Б", "mus"): ("0.5", "0")},
        ),
    ],
)
def test_coverage(plan, load, subgroups, expected):
    lines = coverage(
        [PlanLine(c, s, D(h)) for c, s, h in plan],
        [LoadRow(c, s, D(h), g) for c, s, h, g in load],
        subgroups,
    )
    found = {key: (str(line.missing), str(line.surplus)) for key, line in _by_key(lines).items()}
    assert found == {key: (str(D(m)), str(D(s))) for key, (m, s) in expected.items()}


def test_coverage_keeps_plan_order_then_load_order():
    lines = coverage([PlanLine(1, "b", D(1)), PlanLine(1, "a", D(1))], [LoadRow(1, "z", D(1))])
    assert [line.subject_id for line in lines] == ["b", "a", "z"]
    assert lines[0].ok is False
