"""Base classes of the endpoints: authentication, the password-change gate, and the user's access
resolved once per request."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from parta.accounts.access import UserAccess, access_for
from parta.api.authentication import API_AUTHENTICATION_CLASSES
from parta.api.permissions import DATA_PERMISSION_CLASSES
from parta.core.context import Actor, client_ip

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


class ApiWriteMixin(ApiView):
    """For endpoints that write: token or session authentication, the password-change gate
    (from `ApiView`), numeric ids, the actor of the audit log and the school-administration
    check. Put it first in the bases, before the DRF view set."""

    lookup_value_regex = "[0-9]+"

    def _request(self) -> Request:
        request: Request = getattr(self, "request")  # noqa: B009 - set by the view
        return request

    @property
    def actor(self) -> Actor:
        request = self._request()
        return Actor(user=request.user, ip_address=client_ip(request._request))

    def require_admin(self, school_id: int) -> None:
        """403 unless the user administers the school (director, deputy, secretary)."""
        if not access_for(self._request().user).is_school_admin(school_id):
            raise exceptions.PermissionDenied()
