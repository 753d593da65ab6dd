"""Per-device sequence numbers: the phone numbers its events 1, 2, 3…; the server says up to which number it
has received every event, and which numbers it is missing above that, so the two agree on what to resend."""

from dataclasses import dataclass

from django.db.models import Max

from ..models import Device, RawEvent

MISSING_SHOWN = 100


@dataclass(frozen=True)
class DeviceSyncState:
    device_id: int
    received_through_seq: int
    highest_seq: int
    missing_seqs: list[int]


def device_sync_state_refresh(*, device: Device) -> Device:
    """Move ``received_through_seq`` on past every sequence number now stored without a gap."""
    through = device.received_through_seq
    seqs = RawEvent.objects.filter(device=device, seq__gt=through).order_by("seq").values_list("seq", flat=True)
    for seq in seqs:
        if seq != through + 1:
            break
        through = seq
    if through != device.received_through_seq:
        Device.objects.filter(pk=device.pk, received_through_seq__lt=through).update(received_through_seq=through)
        device.received_through_seq = through
    return device


def device_sync_state(*, device: Device) -> DeviceSyncState:
    """What the server holds from ``device``: contiguous high-water mark, highest number, first gaps."""
    through = Device.objects.values_list("received_through_seq", flat=True).get(pk=device.pk)
    above = RawEvent.objects.filter(device=device, seq__gt=through)
    highest = above.aggregate(top=Max("seq"))["top"] or through
    missing: list[int] = []
    if highest > through:
        have = set(above.filter(seq__lte=through + 10 * MISSING_SHOWN).values_list("seq", flat=True))
        candidate = through + 1
        while candidate < highest and len(missing) < MISSING_SHOWN:
            if candidate not in have:
                missing.append(candidate)
            candidate += 1
    return DeviceSyncState(device_id=device.pk, received_through_seq=through, highest_seq=highest, missing_seqs=missing)
