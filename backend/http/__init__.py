"""What both HTTP interfaces share (the coordinators' API in ``backend.api`` and the phone API in ``mobile_api``):
the one exception handler, role permissions, sign-in throttling, pagination and folded search. No business rules."""
