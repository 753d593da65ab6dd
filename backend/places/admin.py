from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.core.text import fold

from .models import (
    Closure,
    Commune,
    CrewAbsence,
    CrewAssignment,
    FerryLink,
    Library,
    Lodging,
    OpeningWindow,
    PriorityGroup,
    Province,
    School,
    SchoolContactPerson,
    SeasonalOverride,
    ServiceSite,
    TripCrew,
    TripCrewMember,
    Vehicle,
    parse_departures,
)


class FoldedSearchAdmin(admin.ModelAdmin):
    """Admin search that ignores diacritics, through the folded ``search_text`` column."""

    search_fields = ["search_text"]

    def get_search_results(self, request, queryset, search_term):
        for word in fold(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False


@admin.register(Province)
class ProvinceAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "division_type"]


class LodgingInline(admin.TabularInline):
    model = Lodging
    extra = 0
    fields = ["name", "address", "latitude", "longitude", "cost_per_night", "is_active"]


@admin.register(Commune)
class CommuneAdmin(FoldedSearchAdmin):
    list_display = ["code", "name", "kind", "province", "access", "ferry", "latitude", "longitude"]
    list_filter = ["kind", "access", "province"]
    list_select_related = ["province", "ferry"]
    inlines = [LodgingInline]


class DeparturesField(forms.CharField):
    """Departure times typed as "07:00, 13:30" rather than as the JSON list they are stored as."""

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value):
        typed = [part.strip() for part in super().to_python(value).replace(";", ",").split(",") if part.strip()]
        try:
            return [time.strftime("%H:%M") for time in parse_departures(typed)]
        except ValueError:
            raise ValidationError(_("Write the times as HH:MM, separated by commas, e.g. 07:00, 13:30.")) from None


class FerryLinkForm(forms.ModelForm):
    departures = DeparturesField(label=_("departures from the mainland"), required=False)
    return_departures = DeparturesField(label=_("departures from the island"), required=False)


@admin.register(FerryLink)
class FerryLinkAdmin(admin.ModelAdmin):
    form = FerryLinkForm
    list_display = ["name", "port_name", "island_port_name", "crossing_minutes", "bus_boards", "cost"]
    list_filter = ["bus_boards"]
    search_fields = ["name", "port_name", "island_port_name"]


@admin.register(Lodging)
class LodgingAdmin(admin.ModelAdmin):
    list_display = ["name", "commune", "cost_per_night", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "address"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


@admin.register(Library)
class LibraryAdmin(FoldedSearchAdmin):
    list_display = ["name", "kind", "commune", "phone", "is_active"]
    list_filter = ["kind", "is_active"]
    autocomplete_fields = ["commune"]
    list_select_related = ["commune"]


class ContactPersonInline(admin.TabularInline):
    model = SchoolContactPerson
    extra = 0


@admin.register(School)
class SchoolAdmin(FoldedSearchAdmin):
    list_display = ["name", "level", "students", "commune", "is_active"]
    list_filter = ["level", "is_active"]
    autocomplete_fields = ["commune", "library"]
    inlines = [ContactPersonInline]
    list_select_related = ["commune"]


class OpeningWindowInline(admin.TabularInline):
    model = OpeningWindow
    extra = 1


class SeasonalOverrideInline(admin.TabularInline):
    model = SeasonalOverride
    extra = 0


class ServiceSiteForm(forms.ModelForm):
    priority_groups = forms.TypedMultipleChoiceField(
        label=_("priority groups"),
        choices=PriorityGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Whom the site serves among the groups Circular 05/2022 puts first; planning favours them."),
    )

    class Meta:
        model = ServiceSite
        fields = ["priority_groups"]  # the admin's fieldsets add the others


@admin.register(ServiceSite)
class ServiceSiteAdmin(FoldedSearchAdmin):
    form = ServiceSiteForm
    list_display = ["name", "commune", "visit_minutes", "target_interval_days", "priority", "is_active"]
    list_filter = ["is_active", "priority", ("school", admin.EmptyFieldListFilter), "library__kind"]
    autocomplete_fields = ["commune", "library", "school", "ferry"]
    inlines = [OpeningWindowInline, SeasonalOverrideInline]
    list_select_related = ["commune"]
    fieldsets = [
        (None, {"fields": ["name", "library", "school", "commune", "address", ("latitude", "longitude")]}),
        (_("Visits"), {"fields": ["visit_minutes", "setup_minutes", "target_interval_days", "priority", "is_active"]}),
        (_("Priority groups (Circular 05/2022)"), {"fields": ["priority_groups"]}),
        (_("Access"), {"fields": ["access", "ferry"]}),
        (_("Crew"), {"fields": ["crew_notes"]}),
    ]


class CrewAssignmentInline(admin.TabularInline):
    model = CrewAssignment
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Vehicle)
class VehicleAdmin(admin.ModelAdmin):
    list_display = ["plate_number", "name", "home_depot", "capacity_books", "capacity_boxes", "max_trip_days", "status"]
    list_filter = ["status"]
    search_fields = ["plate_number", "name"]
    inlines = [CrewAssignmentInline]


@admin.register(Closure)
class ClosureAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "site", "vehicle"]
    list_filter = ["kind"]
    date_hierarchy = "starts_on"
    autocomplete_fields = ["site", "vehicle"]


class TripCrewMemberInline(admin.TabularInline):
    model = TripCrewMember
    extra = 0
    raw_id_fields = ["user"]


@admin.register(TripCrew)
class TripCrewAdmin(admin.ModelAdmin):
    """The crew of a vehicle on a date (Circular 05/2022); the service checks roles through the API."""

    list_display = ["vehicle", "date", "rotation_delivery", "confirmed_at"]
    list_filter = ["vehicle", "rotation_delivery"]
    date_hierarchy = "date"
    readonly_fields = ["set_by", "confirmed_at", "confirmed_by"]
    inlines = [TripCrewMemberInline]


@admin.register(CrewAbsence)
class CrewAbsenceAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "starts_on", "ends_on", "note"]
    list_filter = ["kind"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["user"]
