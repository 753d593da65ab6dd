"""The phone API, versioned: /api/mobile/v1/… (see mobile_api/README.md).

The coordinators' conflict inbox moved to ``backend.api.conflicts``; its old paths here are joined to these in
``backend.config.urls``, since this package may not import the coordinators' API."""

from django.urls import path

from .apis import catalogue, devices, positions, readers, runsheet, sync, visits

app_name = "mobile"

urlpatterns = [
    path("devices/", devices.DeviceRegisterApi.as_view(), name="device-register"),
    path("devices/mine/", devices.DeviceListApi.as_view(), name="device-list"),
    path("devices/<int:pk>/revoke/", devices.DeviceRevokeApi.as_view(), name="device-revoke"),
    path("me/", devices.MeApi.as_view(), name="me"),
    path("run-sheet/", runsheet.RunSheetApi.as_view(), name="run-sheet"),
    path("events/", sync.EventCreateApi.as_view(), name="event-create"),
    path("sync/", sync.SyncBatchApi.as_view(), name="sync"),
    path("sync/state/", sync.SyncStateApi.as_view(), name="sync-state"),
    path("positions/", positions.PositionBatchApi.as_view(), name="positions"),
    path("positions/latest/", positions.PositionLatestApi.as_view(), name="positions-latest"),
    path("visits/<int:pk>/report/", visits.VisitReportApi.as_view(), name="visit-report"),
    path("visits/<int:pk>/photo/", visits.VisitPhotoApi.as_view(), name="visit-photo"),
    path("readers/lookup/", readers.ReaderLookupApi.as_view(), name="reader-lookup"),
    path("readers/search/", catalogue.ReaderSearchApi.as_view(), name="reader-search"),
    path("catalogue/", catalogue.CatalogueSearchApi.as_view(), name="catalogue-search"),
    path("copies/lookup/", catalogue.CopyLookupApi.as_view(), name="copy-lookup"),
    path("readers/<int:pk>/loans/", readers.ReaderLoansApi.as_view(), name="reader-loans"),
]
