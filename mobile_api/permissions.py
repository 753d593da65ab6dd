"""Predicates for the phone API."""

from rest_framework.permissions import BasePermission

from backend.sync.models import Device


class IsDevice(BasePermission):
    """Signed in with a device token (events need a device: sequence numbers are per device)."""

    def has_permission(self, request, view):
        return isinstance(request.auth, Device) and request.user.is_driver_librarian


class IsCrewOrCoordinator(BasePermission):
    """A driver-librarian (from a phone) or a coordinator."""

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return user.is_coordinator or (user.is_driver_librarian and isinstance(request.auth, Device))
