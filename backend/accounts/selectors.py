from django.db.models import QuerySet

from .models import Role, User


def user_list_for(*, user: User) -> QuerySet[User]:
    """Coordinators see every account; administrators' accounts are visible only to administrators."""
    users = User.objects.select_related("school").order_by("username")
    if user.is_superuser or user.role == Role.ADMIN:
        return users
    return users.exclude(role=Role.ADMIN).exclude(is_superuser=True)
