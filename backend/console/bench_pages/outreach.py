from django.urls import reverse

from backend.outreach.models import Donation, Event


def pages() -> list[tuple[str, str]]:
    found = [("events", reverse("console:events")), ("donation drives", reverse("console:drives"))]
    event = Event.objects.order_by("-starts_on", "-pk").first()
    if event is not None:
        found.append(("an event", reverse("console:event", args=[event.pk])))
    gift = Donation.objects.order_by("-copies", "pk").first()
    if gift is not None:
        found.append(("a donation drive", reverse("console:drive", args=[gift.drive_id])))
        found.append(("a thank-you letter", reverse("console:drive-letter", args=[gift.drive_id, gift.donor_id])))
    return found
