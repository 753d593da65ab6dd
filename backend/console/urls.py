from django.urls import path

from . import views
from .views import (
    buses,
    catalogue,
    collections,
    conflicts,
    disruptions,
    drives,
    events,
    planning,
    plans,
    readers,
    requests,
    sites,
    stocktakes,
)

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
    path("buses/", buses.bus_list, name="buses"),
    path("buses/<int:pk>/", buses.bus_detail, name="bus-detail"),
    path("buses/<int:pk>/scan/", buses.bus_scan_view, name="bus-scan"),
    path("buses/<int:pk>/undo/", buses.bus_scan_undo_view, name="bus-undo"),
]

urlpatterns += [
    path("catalogue/", catalogue.catalogue_search, name="catalogue"),
    path("catalogue/records/<int:pk>/", catalogue.record_detail, name="record-detail"),
    path("catalogue/copies/<int:pk>/", catalogue.copy_detail, name="copy-detail"),
    path("catalogue/import/", catalogue.catalogue_import, name="catalogue-import"),
]

urlpatterns += [
    path("collections/", collections.collection_list, name="collections"),
    path("collections/<int:pk>/", collections.collection_detail, name="collection-detail"),
    path("collections/<int:pk>/add/", collections.collection_add_scan, name="collection-add"),
    path("collections/proposals/", collections.proposal_list, name="proposals"),
    path("collections/proposals/new/", collections.proposal_new, name="proposal-new"),
    path("collections/proposals/<int:pk>/decide/", collections.proposal_decide, name="proposal-decide"),
    path("collections/pairings/<int:pk>/drop/", collections.pairing_drop, name="pairing-drop"),
]

urlpatterns += [
    path("stocktakes/", stocktakes.stocktake_list, name="stocktakes"),
    path("stocktakes/count/", stocktakes.stocktake_draft, name="stocktake-draft"),
    path("stocktakes/count/scan/", stocktakes.stocktake_scan, name="stocktake-scan"),
    path("stocktakes/count/finish/", stocktakes.stocktake_finish, name="stocktake-finish"),
    path("stocktakes/<int:pk>/", stocktakes.stocktake_detail, name="stocktake-detail"),
    path("stocktakes/<int:pk>/settle/", stocktakes.stocktake_settle_view, name="stocktake-settle"),
]

urlpatterns += [
    path("readers/", readers.reader_list, name="readers"),
    path("readers/new/", readers.reader_new, name="reader-new"),
    path("readers/<int:pk>/", readers.reader_detail, name="reader-detail"),
    path("readers/<int:pk>/edit/", readers.reader_edit, name="reader-edit"),
    path("readers/<int:pk>/card/", readers.reader_card, name="reader-card"),
    path("readers/<int:pk>/card.svg", readers.reader_card_barcode, name="reader-card-barcode"),
    path("readers/<int:pk>/renew-card/", readers.reader_renew_card, name="reader-renew-card"),
    path("loans/<int:pk>/renew/", readers.loan_renew_view, name="loan-renew"),
    path("reservations/<int:pk>/cancel/", readers.reservation_cancel_view, name="reservation-cancel"),
]

urlpatterns += [
    path("sites/", sites.site_list, name="sites"),
    path("sites/<int:pk>/", sites.site_detail, name="site-detail"),
    path("sites/vehicles/", sites.vehicle_list, name="vehicles"),
]

urlpatterns += [
    path("disruptions/", disruptions.disruption_index, name="disruptions"),
    path("disruptions/vehicle-out/", disruptions.vehicle_out, name="disruption-vehicle-out"),
    path("disruptions/site-closed/", disruptions.site_closed, name="disruption-site-closed"),
    path("disruptions/visit-skipped/", disruptions.visit_skip, name="disruption-visit-skip"),
    path("disruptions/replans/<int:run_id>/", disruptions.replan_detail, name="replan"),
    path("disruptions/replans/<int:run_id>/publish/", disruptions.replan_publish, name="replan-publish"),
    path("requests/", requests.request_list, name="requests"),
    path("requests/<int:pk>/", requests.request_detail, name="request"),
    path("requests/<int:pk>/book/", requests.request_book, name="request-book"),
    path("requests/<int:pk>/decline/", requests.request_decline, name="request-decline"),
    path("conflicts/", conflicts.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/resolve/", conflicts.conflict_resolve, name="conflict-resolve"),
]

urlpatterns += [
    path("planning/", planning.board, name="planning"),
    path("planning/runs/", planning.run_start, name="run-start"),
    path("planning/runs/<int:run_id>/", planning.run_progress, name="run-progress"),
    path("planning/runs/<int:run_id>/cancel/", planning.run_cancel, name="run-cancel"),
    path("planning/plans/<int:plan_id>/", plans.plan_review, name="plan"),
    path("planning/plans/<int:plan_id>/publish/", plans.plan_publish, name="plan-publish"),
    path("planning/plans/<int:plan_id>/replan/", plans.plan_replan, name="plan-replan"),
    path("planning/visits/<int:visit_id>/move/", plans.visit_move, name="visit-move"),
    path("planning/visits/<int:visit_id>/pin/", plans.visit_pin, name="visit-pin"),
]

urlpatterns += [
    path("events/", events.event_index, name="events"),
    path("events/new/", events.event_new, name="event-new"),
    path("events/<int:pk>/", events.event_detail, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/plan/", events.event_plan, name="event-plan"),
    path("events/<int:pk>/report/", events.event_report_view, name="event-report"),
    path("events/drives/", drives.drive_index, name="drives"),
    path("events/drives/<int:pk>/", drives.drive_detail, name="drive"),
    path("events/drives/<int:pk>/edit/", drives.drive_edit, name="drive-edit"),
    path("events/drives/<int:pk>/donors/", drives.donor_new, name="drive-donor"),
    path("events/drives/<int:pk>/gifts/", drives.gift_new, name="drive-gift"),
    path("events/drives/<int:pk>/letters/<int:donor_pk>/", drives.thank_you, name="drive-letter"),
]
