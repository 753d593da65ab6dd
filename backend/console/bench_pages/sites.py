from django.urls import reverse

from backend.places.models import ServiceSite


def pages() -> list[tuple[str, str]]:
    found = [("network: sites", reverse("console:sites")), ("vehicles and crews", reverse("console:vehicles"))]
    site = ServiceSite.objects.order_by("pk").first()
    if site is not None:
        found.append(("a site", reverse("console:site-detail", args=[site.pk])))
    return found
