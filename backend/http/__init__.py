"""What both HTTP interfaces share (the coordinators' API in ``backend.api`` and the phone API in ``mobile_api``):
the one exception handler, role permissions, sign-in throttling, pagination and folded search. No business rules."""

# Importing the package bounds every model serializer's dates (see ``fields``), whichever API module loads first.
from . import fields  # noqa: E402, F401
