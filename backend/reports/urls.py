from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("yearly/", views.yearly_report, name="yearly"),
    path("form01/", views.form01, name="form01"),
    path("plan/<int:year>/", views.year_plan_schedule, name="year-plan"),
]
