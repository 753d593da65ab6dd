"""Adjusting a rotation proposal before it is accepted: a coordinator drops a pairing they do not want."""

from django.db import transaction
from django.utils.translation import gettext as _

from .models import ProposalStatus, RotationAssignment
from .rotation import ProposalDecidedError


@transaction.atomic
def rotation_drop_pairing(*, assignment: RotationAssignment) -> None:
    """Remove one pairing from a draft proposal; the rest of the proposal stands. Refused once it is decided."""
    locked = RotationAssignment.objects.select_for_update().select_related("proposal").get(pk=assignment.pk)
    if locked.proposal.status != ProposalStatus.DRAFT:
        raise ProposalDecidedError(_("This proposal was already %s.") % locked.proposal.get_status_display())
    locked.delete()
