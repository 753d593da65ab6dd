from django.urls import reverse

from backend.stock.models import Stocktake


def pages() -> list[tuple[str, str]]:
    found = [("stocktakes", reverse("console:stocktakes"))]
    take = Stocktake.objects.order_by("-pk").first()
    if take is not None:
        found.append(("a stocktake's discrepancies", reverse("console:stocktake-detail", args=[take.pk])))
    return found
