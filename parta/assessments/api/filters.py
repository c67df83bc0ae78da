from __future__ import annotations

from django_filters import rest_framework as filters

from parta.api.filters import IdFilter, IntegerFilter, SchoolFilterSet
from parta.assessments.choices import ProcedureLevel
from parta.assessments.models import AssessmentProcedure


class AssessmentProcedureFilter(SchoolFilterSet):
    academic_year = IdFilter(field_name="academic_year_id")
    school_class = IdFilter(field_name="school_class_id")
    study_group = IdFilter(field_name="study_group_id")
    grade = IntegerFilter(field_name="school_class__grade", help_text="Classes of this grade.")
    subject = IdFilter(field_name="subject_id")
    level = filters.ChoiceFilter(choices=ProcedureLevel.choices)
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = AssessmentProcedure
        fields = [
            "school",
            "academic_year",
            "school_class",
            "study_group",
            "grade",
            "subject",
            "level",
            "date_from",
            "date_to",
        ]
