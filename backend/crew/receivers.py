"""Fieldwork listens to planning: a published plan moves what was due at moved or dropped visits."""

from django.dispatch import receiver

from backend.crew.dues import dues_follow_plan
from backend.planning.signals import plan_published


@receiver(plan_published, dispatch_uid="fieldwork-dues-follow-plan")
def dues_follow_published_plan(sender, *, plan, old_visits, new_visits, **kwargs):
    dues_follow_plan(old_visits=old_visits, new_visits=new_visits)
