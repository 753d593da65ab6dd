from django.urls import path
from rest_framework.routers import DefaultRouter

from . import (
    access,
    accounts,
    catalogue,
    collections,
    conflicts,
    disruptions,
    ledger,
    network,
    notifications,
    outreach,
    planning,
    readers,
    records,
    reports,
    requests,
    rotation,
    stocktakes,
    trips,
    visits,
)

router = DefaultRouter()
router.register("provinces", network.ProvinceViewSet, basename="province")
router.register("communes", network.CommuneViewSet, basename="commune")
router.register("libraries", network.LibraryViewSet, basename="library")
router.register("schools", network.SchoolViewSet, basename="school")
router.register("sites", network.SiteViewSet, basename="site")
router.register("vehicles", network.VehicleViewSet, basename="vehicle")
router.register("closures", network.ClosureViewSet, basename="closure")
router.register("ferry-links", access.FerryLinkViewSet, basename="ferry-link")
router.register("lodgings", access.LodgingViewSet, basename="lodging")
router.register("users", accounts.UserViewSet, basename="user")
router.register("planning-runs", planning.PlanningRunViewSet, basename="planning-run")
router.register("plans", planning.PlanViewSet, basename="plan")
router.register("visits", visits.PublishedVisitListApi, basename="visit")
router.register("visit-requests", requests.VisitRequestViewSet, basename="visit-request")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("records", catalogue.RecordViewSet, basename="record")
router.register("copies", catalogue.CopyViewSet, basename="copy")
router.register("movements", ledger.MovementViewSet, basename="movement")
router.register("collections", collections.CollectionViewSet, basename="collection")
router.register("collection-stays", collections.CollectionStayViewSet, basename="collection-stay")
router.register("readers", readers.ReaderViewSet, basename="reader")
router.register("loans", readers.LoanViewSet, basename="loan")
router.register("rotation-proposals", rotation.RotationProposalViewSet, basename="rotation-proposal")
router.register("stocktakes", stocktakes.StocktakeViewSet, basename="stocktake")
router.register("events", outreach.EventViewSet, basename="event")
router.register("donors", outreach.DonorViewSet, basename="donor")
router.register("donation-drives", outreach.DonationDriveViewSet, basename="donation-drive")
router.register("handover-records", records.HandoverRecordViewSet, basename="handover-record")
router.register("collection-uses", records.CollectionUseViewSet, basename="collection-use")
router.register("withdrawals", records.WithdrawalViewSet, basename="withdrawal")
router.register("crew-absences", trips.CrewAbsenceViewSet, basename="crew-absence")

urlpatterns = [
    path("me/", accounts.MeApi.as_view(), name="me"),
    path("auth/token/", accounts.TokenObtainApi.as_view(), name="token-obtain"),
    path("disruptions/vehicle-out-of-service/", disruptions.VehicleOutOfServiceApi.as_view(), name="vehicle-out"),
    path("disruptions/site-closed/", disruptions.SiteClosedApi.as_view(), name="site-closed"),
    path("visits/<int:pk>/skip/", visits.VisitSkipApi.as_view(), name="visit-skip"),
    path("trip-crews/", trips.TripCrewApi.as_view(), name="trip-crews"),
    path("trip-crews/confirm/", trips.TripCrewConfirmApi.as_view(), name="trip-crew-confirm"),
    path("trips/", trips.TripListApi.as_view(), name="trips"),
    path("trips/stocktake/", trips.TripStocktakeApi.as_view(), name="trip-stocktake"),
    path("rotation-load/", collections.RotationLoadApi.as_view(), name="rotation-load"),
    path("imports/catalogue/", catalogue.CatalogueImportApi.as_view(), name="catalogue-import"),
    path("exports/stock/", catalogue.StockExportApi.as_view(), name="stock-export"),
    path("conflicts/", conflicts.ConflictListApi.as_view(), name="conflicts"),
    path("conflicts/<int:pk>/resolve/", conflicts.ConflictResolveApi.as_view(), name="conflict-resolve"),
    path("reports/indicators/", reports.ReportIndicatorListApi.as_view(), name="report-indicators"),
    path("reports/growth/", reports.ReportGrowthApi.as_view(), name="report-growth"),
    path("reports/skip-reasons/", reports.ReportSkipReasonListApi.as_view(), name="report-skip-reasons"),
    path("reports/monthly/", reports.ReportMonthlyApi.as_view(), name="report-monthly"),
    path("reports/events/<str:event>/", reports.ReportEventApi.as_view(), name="report-event"),
    path("reports/export/<str:kind>/", reports.ReportExportApi.as_view(), name="report-export"),
    *router.urls,
]
