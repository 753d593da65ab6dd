"""Fieldwork listens to planning: a published plan moves what was due at moved or dropped visits."""

from django.dispatch import receiver

from backend.tours.signals import plan_published

from .dues import dues_follow_plan


@receiver(plan_published, dispatch_uid="fieldwork-dues-follow-plan")
def dues_follow_published_plan(sender, *, plan, old_visits, new_visits, **kwargs):
    dues_follow_plan(old_visits=old_visits, new_visits=new_visits)
