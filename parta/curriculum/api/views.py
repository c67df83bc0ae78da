"""Read endpoint of the subject catalogue: the federal list plus each school's own subjects."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema

from parta.api.scoping import member_school_q
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
        qs = Subject.objects.order_by("name", "school_id", "pk")
        if self.access.is_superuser:
            return qs
        return qs.filter(Q(school__isnull=True) | member_school_q(self.request.user))
