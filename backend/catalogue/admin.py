"""Admin screens for the catalogue. Copies' holders are read-only here: they change only through the ledger."""

from django.contrib import admin

from backend.places.admin import FoldedSearchAdmin

from .models import Copy, Record


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
