"""Events and drives are kept in the console; the admin lists them for corrections."""

from django.contrib import admin

from .models import DonatedCopy, Donation, DonationDrive, Donor, Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "starts_on", "ends_on", "participants_total", "reported_at"]
    list_filter = ["kind"]
    search_fields = ["name"]
    raw_id_fields = ["visits", "requests", "reported_by"]
    filter_horizontal = ["sites"]


@admin.register(DonationDrive)
class DonationDriveAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "organiser"]
    search_fields = ["name", "organiser"]


@admin.register(Donor)
class DonorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "phone"]
    search_fields = ["family_name", "given_name", "organisation"]


@admin.register(Donation)
class DonationAdmin(admin.ModelAdmin):
    list_display = ["donor", "drive", "received_on", "copies"]
    raw_id_fields = ["donor", "drive", "received_by"]


@admin.register(DonatedCopy)
class DonatedCopyAdmin(admin.ModelAdmin):
    list_display = ["donation", "copy"]
    raw_id_fields = ["donation", "copy"]
