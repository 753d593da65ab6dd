from django.urls import path

from . import views
from .views import buses

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
    path("buses/", buses.bus_list, name="buses"),
    path("buses/<int:pk>/", buses.bus_detail, name="bus-detail"),
    path("buses/<int:pk>/scan/", buses.bus_scan_view, name="bus-scan"),
    path("buses/<int:pk>/undo/", buses.bus_scan_undo_view, name="bus-undo"),
]
