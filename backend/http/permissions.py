"""Role predicates for the coordinators' API. An object outside a user's scope is a 404 (the selectors
filter it out); an action a role may never take is a 403."""

from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsCoordinator(BasePermission):
    """Coordinators and administrators."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_coordinator)


class IsCoordinatorOrReadOnly(BasePermission):
    """Anyone signed in may read what their scope shows; only coordinators write."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or request.user.is_coordinator


class IsStaffOrDriver(BasePermission):
    """Coordinators and driver-librarians; school contacts are kept out."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_coordinator or user.is_driver_librarian))


class IsSchoolContactOrCoordinator(BasePermission):
    """School contacts and coordinators; crews are kept out."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (user.is_coordinator or user.is_school_contact))
