from django.urls import reverse

from backend.stock.models import RotatingCollection


def pages() -> list[tuple[str, str]]:
    found = [("collections", reverse("console:collections")), ("rotation proposals", reverse("console:proposals"))]
    collection = RotatingCollection.objects.order_by("pk").first()
    if collection is not None:
        found.append(("a collection", reverse("console:collection-detail", args=[collection.pk])))
    return found
