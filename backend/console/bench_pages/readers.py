from django.urls import reverse

from backend.stock.models import Reader


def pages() -> list[tuple[str, str]]:
    found = [("readers", reverse("console:readers")), ("register a reader", reverse("console:reader-new"))]
    reader = Reader.objects.order_by("pk").first()
    if reader is not None:
        found.append(("a reader", reverse("console:reader-detail", args=[reader.pk])))
        found.append(("a reader's card", reverse("console:reader-card", args=[reader.pk])))
    return found
