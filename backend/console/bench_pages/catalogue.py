from django.urls import reverse

from backend.stock.models import Copy


def pages() -> list[tuple[str, str]]:
    search = reverse("console:catalogue")
    found = [("books: search", search), ("books: search 'de men'", f"{search}?q=de+men")]
    copy = Copy.objects.order_by("pk").first()
    if copy is not None:
        found.append(("books: a record", reverse("console:record-detail", args=[copy.record_id])))
        found.append(("books: a copy's history", reverse("console:copy-detail", args=[copy.pk])))
    found.append(("books: import", reverse("console:catalogue-import")))
    return found
