from django.urls import path

from backend.planning import views

app_name = "visits"
urlpatterns = [
    path("", views.request_list, name="request-list"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/book/", views.request_book, name="request-book"),
    path("<int:pk>/cancel/", views.request_cancel, name="request-cancel"),
]
