"""Base classes of the endpoints: authentication, the password-change gate, and the user's access
resolved once per request."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from rest_framework import viewsets
from rest_framework.views import APIView

from parta.accounts.access import UserAccess, access_for
from parta.api.authentication import API_AUTHENTICATION_CLASSES
from parta.api.permissions import DATA_PERMISSION_CLASSES

M = TypeVar("M", bound=models.Model)


class ApiView(APIView):
    """Token or session authentication; a logged-in user who need not change the password."""

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = DATA_PERMISSION_CLASSES


class ReadOnlyApiViewSet(viewsets.ReadOnlyModelViewSet[M]):
    """List (paginated, filtered) and detail of the rows the user may read.

    Subclasses implement `get_queryset()` from the app's `visible_to(user)` filters, so a detail
    request for a row outside the user's reach answers 404, exactly as a row that does not exist.
    """

    authentication_classes = API_AUTHENTICATION_CLASSES
    permission_classes = DATA_PERMISSION_CLASSES
    lookup_value_regex = "[0-9]+"

    @property
    def access(self) -> UserAccess:
        return access_for(self.request.user)
