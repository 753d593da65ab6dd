from django.urls import path

from . import views

app_name = "stock"
urlpatterns = [
    path("records/<int:pk>/", views.handover_record_page, name="handover-record"),
    path("records/<int:pk>/pdf/", views.handover_record_pdf_view, name="handover-record-pdf"),
    path("withdrawals/print/", views.withdrawal_list_page, name="withdrawal-list"),
    path("withdrawals/pdf/", views.withdrawal_list_pdf_view, name="withdrawal-list-pdf"),
]
