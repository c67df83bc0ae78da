from parta.curriculum.models.subjects import Subject

__all__ = ["Subject"]
