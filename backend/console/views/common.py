"""What the console's views share."""

from django.core.exceptions import ValidationError

from backend.core.exceptions import ApplicationError

REFUSALS = (ApplicationError, ValidationError)


def error_text(exc) -> str:
    """The message of a refused action, for the page."""
    return exc.message if isinstance(exc, ApplicationError) else " ".join(exc.messages)
