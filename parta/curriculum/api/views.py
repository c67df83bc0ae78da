"""Read endpoint of the subject catalogue: the federal list plus each school's own subjects."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema

from parta.api.views import ReadOnlyApiViewSet
from parta.curriculum.api import filters, serializers
from parta.curriculum.models import Subject


@extend_schema(tags=["subjects"])
class SubjectViewSet(ReadOnlyApiViewSet[Subject]):
    """The federal catalogue (readable by every user) and the own subjects of the schools the
    user belongs to or reads through a municipality."""

    queryset = Subject.objects.none()  # the model, for the schema
    serializer_class = serializers.SubjectSerializer
    filterset_class = filters.SubjectFilter

    def get_queryset(self) -> QuerySet[Subject]:
        return Subject.objects.visible_to(self.request.user).order_by("name", "school_id", "pk")
