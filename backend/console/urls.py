from django.urls import path

from . import views
from .views import buses, catalogue

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
