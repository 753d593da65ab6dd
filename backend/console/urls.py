from django.urls import path

from . import views
from .views import planning, plans

app_name = "console"

urlpatterns = [
    path("", views.index, name="index"),
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
