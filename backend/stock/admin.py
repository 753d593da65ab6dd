"""Admin screens for the stock. The ledger is read-only: corrections are further movements."""

from django.contrib import admin

from backend.places.admin import FoldedSearchAdmin

from .models import (
    CollectionStay,
    CollectionUse,
    Copy,
    HandoverRecord,
    Loan,
    Movement,
    Reader,
    Record,
    Reservation,
    RotatingCollection,
    RotationAssignment,
    RotationProposal,
    Stocktake,
    WithdrawalEntry,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdmin):
    list_display = ["id", "copy", "kind", "from_status", "to_status", "to_library", "to_vehicle", "site", "by", "at"]
    list_filter = ["kind"]
    search_fields = ["copy__barcode", "source_event_id"]


class StayInline(admin.TabularInline):
    model = CollectionStay
    fields = ["site", "deposited_on", "expected_collection_on", "collected_on", "copies_deposited"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(RotatingCollection)
class RotatingCollectionAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "reading_level", "holder_library", "holder_vehicle", "is_active"]
    list_filter = ["reading_level", "is_active"]
    readonly_fields = ["holder_library", "holder_vehicle"]
    inlines = [StayInline]


@admin.register(CollectionStay)
class CollectionStayAdmin(ReadOnlyAdmin):
    list_display = ["collection", "site", "deposited_on", "expected_collection_on", "collected_on"]
    list_filter = ["collected_on"]


@admin.register(Reader)
class ReaderAdmin(FoldedSearchAdmin):
    list_display = ["card_number", "full_name", "school", "site", "registered_at"]


@admin.register(Loan)
class LoanAdmin(ReadOnlyAdmin):
    list_display = ["copy", "reader", "site", "lent_at", "due_on", "returned_at"]
    list_filter = ["due_on"]


class AssignmentInline(admin.TabularInline):
    model = RotationAssignment
    fields = ["collection", "site", "new_titles", "books", "explanation", "stay"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(RotationProposal)
class RotationProposalAdmin(ReadOnlyAdmin):
    list_display = ["id", "cycle_starts_on", "cycle_ends_on", "status", "solver_status", "created_at"]
    inlines = [AssignmentInline]


@admin.register(Stocktake)
class StocktakeAdmin(ReadOnlyAdmin):
    list_display = ["id", "library", "vehicle", "collection", "taken_at", "scanned_count", "expected_count"]


class CopyInline(admin.TabularInline):
    model = Copy
    fields = ["barcode", "status", "holder_library", "holder_vehicle", "condition", "collection"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Record)
class RecordAdmin(FoldedSearchAdmin):
    list_display = ["title", "authors", "isbn", "publisher", "year", "reading_level"]
    list_filter = ["reading_level", "language"]
    inlines = [CopyInline]


@admin.register(Copy)
class CopyAdmin(admin.ModelAdmin):
    list_display = ["barcode", "record", "status", "holder_library", "holder_vehicle", "condition", "collection"]
    list_filter = ["status", "condition", "source"]
    search_fields = ["barcode"]
    raw_id_fields = ["record"]
    readonly_fields = ["status", "holder_library", "holder_vehicle", "holder_loan", "collection", "barcode", "record"]

    def has_add_permission(self, request):
        return False  # copies enter through acquisition (API or import), so that each has its ledger


@admin.register(Reservation)
class ReservationAdmin(admin.ModelAdmin):
    list_display = ["record", "reader", "site", "requested_at", "status"]
    list_filter = ["status"]


@admin.register(HandoverRecord)
class HandoverRecordAdmin(ReadOnlyAdmin):
    """Handover and return records are made by deposits and collections, and confirmed through the API."""

    list_display = ["number", "kind", "collection", "site", "date", "item_count", "confirmed_name"]
    list_filter = ["kind", "confirmed_via"]
    date_hierarchy = "date"


@admin.register(CollectionUse)
class CollectionUseAdmin(ReadOnlyAdmin):
    list_display = ["stay", "period_from", "period_until", "reading_uses", "loans", "source"]


@admin.register(WithdrawalEntry)
class WithdrawalEntryAdmin(ReadOnlyAdmin):
    """The withdrawal list; decisions go through the API, which records the ledger movement."""

    list_display = ["copy", "reason", "status", "decision_ref", "decided_at"]
    list_filter = ["status", "reason"]
