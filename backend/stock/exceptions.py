"""Errors of the stock ledger, each with a stable ``code`` the API and the phone branch on."""

from backend.core.exceptions import ApplicationError, ConflictError, NotFoundError


class CopyNotAtHolderError(ConflictError):
    """The copy is not where the caller says it is (another phone moved it first, or a wrong scan)."""

    code = "copy_not_at_holder"


class MovementNotAllowedError(ApplicationError):
    code = "movement_not_allowed"


class CopyNotAvailableError(ConflictError):
    code = "copy_not_available"


class LoanLimitReachedError(ApplicationError):
    code = "loan_limit_reached"


class CardExpiredError(ApplicationError):
    code = "card_expired"


class LoanAlreadyReturnedError(ConflictError):
    code = "loan_already_returned"


class SiteInactiveError(ApplicationError):
    code = "site_inactive"


class SiteHasNoLibraryError(ApplicationError):
    code = "site_has_no_library"


class CollectionNotAtHolderError(ConflictError):
    code = "collection_not_at_holder"


class CollectionNotDepositedError(ConflictError):
    code = "collection_not_deposited"


class EventReusedError(ConflictError):
    """A phone event id already applied to a different operation."""

    code = "event_reused"


class UnknownCopyError(NotFoundError):
    code = "unknown_copy"
