from django.db.models import QuerySet

from backend.accounts.models import User

from .models import Notification


def notification_list_for(*, user: User) -> QuerySet[Notification]:
    """Everyone sees only their own notifications."""
    return Notification.objects.filter(recipient=user)
