from django.urls import reverse

from backend.places.models import Vehicle


def pages() -> list[tuple[str, str]]:
    found = [("buses", reverse("console:buses"))]
    vehicle = Vehicle.objects.order_by("pk").first()
    if vehicle is not None:
        found.append(("bus: stock and loading list", reverse("console:bus-detail", args=[vehicle.pk])))
    return found
