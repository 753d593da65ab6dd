"""Sites set to "by ferry" with no link to cross on (data saved before the check, or edited around it): the run
leaves them out with their own reason, in words, instead of failing whole."""

from django.utils import translation

from backend.places.models import Commune, ServiceSite
from backend.planning import wording
from backend.planning.models import LeftOutVisit, PlannedVisit
from tests.backend.planning import test_trips_and_ferries
from tests.backend.planning.test_trips_and_ferries import plan_for

island = test_trips_and_ferries.island  # the fixture: a ferry-served special zone, a no-road one, a mainland site


def test_a_commune_by_ferry_without_its_link_leaves_its_sites_out(client_for, coordinator, island, monday):
    zone = island["island_site"].commune
    Commune.objects.filter(pk=zone.pk).update(access="ferry", ferry=None)  # as an old import could have left it

    plan = plan_for(client_for(coordinator), island["vehicle"], monday)

    left = LeftOutVisit.objects.get(plan=plan, site=island["island_site"])
    assert left.reason == "no_ferry_link"
    assert island["island_site"].name in left.message and "tuyến phà" in left.message  # the run speaks Vietnamese
    assert LeftOutVisit.objects.get(plan=plan, site=island["no_road_site"]).reason == "no_road"
    assert PlannedVisit.objects.filter(route__plan=plan, site=island["mainland_site"]).exists()


def test_a_site_by_ferry_in_a_road_commune_is_left_out_with_the_reason(client_for, coordinator, island, monday):
    site = island["mainland_site"]
    ServiceSite.objects.filter(pk=site.pk).update(access="ferry", ferry=None)

    plan = plan_for(client_for(coordinator), island["vehicle"], monday)

    assert LeftOutVisit.objects.get(plan=plan, site=site).reason == "no_ferry_link"
    assert PlannedVisit.objects.filter(route__plan=plan, site=island["island_site"]).exists()


def test_the_reason_has_words_in_both_languages():
    with translation.override("vi"):
        vietnamese = wording.left_out_reason("no_ferry_link")
    with translation.override("en"):
        english = wording.left_out_reason("no_ferry_link")
    assert "ferry link" in english
    assert "phà" in vietnamese and vietnamese != english
