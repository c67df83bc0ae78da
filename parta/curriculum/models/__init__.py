from parta.curriculum.models.plans import (
    AttestationForm,
    Curriculum,
    CurriculumItem,
    CurriculumPart,
    TeachingAssignment,
)
from parta.curriculum.models.subjects import Subject

__all__ = [
    "AttestationForm",
    "Curriculum",
    "CurriculumItem",
    "CurriculumPart",
    "Subject",
    "TeachingAssignment",
]
