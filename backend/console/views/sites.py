"""The network: sites with filters, a site's page (opening windows, seasonal overrides, visits done and planned,
collections deposited, contacts, its position on a map to click or drag), and the vehicles with their crews."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backend.accounts.decorators import coordinator_required
from backend.core.text import fold
from backend.places.models import Commune, ServiceSite, Vehicle
from backend.places.models.base import LATITUDE_RANGE, LONGITUDE_RANGE
from backend.places.services import site_update
from backend.planning.models import PlannedVisit, PlanStatus, VisitStatus
from backend.stock.models import CollectionStay

from .common import REFUSALS, error_text

PAGE_SIZE = 50
KINDS = (("school", gettext_lazy("schools")), ("library", gettext_lazy("libraries and cultural houses")))


class SiteFilter(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name or address"), required=False)
    commune = forms.ModelChoiceField(label=gettext_lazy("Commune"), queryset=Commune.objects.none(), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=(("", "—"), *KINDS), required=False)
    active = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=(("yes", gettext_lazy("active")), ("no", gettext_lazy("inactive")), ("", gettext_lazy("all"))),
        required=False,
        initial="yes",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = Commune.objects.filter(sites__isnull=False).distinct().order_by("name")


@coordinator_required
def site_list(request):
    data = request.GET.copy() if request.GET else {"active": "yes"}
    form = SiteFilter(data)
    sites = ServiceSite.objects.select_related("commune", "school", "library").order_by("name")
    if form.is_valid():
        f = form.cleaned_data
        if f["q"]:
            sites = sites.filter(search_text__contains=fold(f["q"]))
        if f["commune"]:
            sites = sites.filter(commune=f["commune"])
        if f["kind"] == "school":
            sites = sites.filter(school__isnull=False)
        elif f["kind"] == "library":
            sites = sites.filter(school__isnull=True)
        if f["active"] in ("yes", "no"):
            sites = sites.filter(is_active=f["active"] == "yes")
    page = Paginator(sites, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "console/sites/list.html", {"form": form, "page": page, "query": query.urlencode()})


class PositionForm(forms.Form):
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude"), min_value=LATITUDE_RANGE[0], max_value=LATITUDE_RANGE[1]
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude"), min_value=LONGITUDE_RANGE[0], max_value=LONGITUDE_RANGE[1]
    )


@coordinator_required
def site_detail(request, pk):
    site = get_object_or_404(ServiceSite.objects.select_related("commune", "school", "library"), pk=pk)
    form = PositionForm(request.POST or None, initial={"latitude": site.latitude, "longitude": site.longitude})
    if request.method == "POST" and form.is_valid():
        try:
            site_update(site=site, data=form.cleaned_data)
        except REFUSALS as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("Position saved: %(lat).5f, %(lng).5f.") % {"lat": site.latitude, "lng": site.longitude},
            )
            return redirect("console:site-detail", pk=site.pk)
    today = timezone.localdate()
    visits = PlannedVisit.objects.filter(site=site, route__plan__status=PlanStatus.PUBLISHED).select_related(
        "route__vehicle"
    )
    context = {
        "site": site,
        "form": form,
        "tile_url": settings.BOOKBUS["TILE_URL"],
        "windows": site.windows.order_by("weekday", "opens_at"),
        "overrides": site.seasonal_overrides.order_by("start_month", "start_day"),
        "done": visits.filter(status=VisitStatus.DONE).order_by("-route__date")[:10],
        "planned": visits.filter(status=VisitStatus.PLANNED, route__date__gte=today).order_by("route__date")[:10],
        "stays": CollectionStay.objects.filter(site=site).select_related("collection").order_by("-deposited_on")[:10],
        "contacts": site.school.contacts.order_by("name") if site.school_id else [],
    }
    return render(request, "console/sites/detail.html", context, status=400 if form.errors else 200)


@coordinator_required
def vehicle_list(request):
    vehicles = (
        Vehicle.objects.select_related("home_depot").prefetch_related("crew_assignments__user").order_by("plate_number")
    )
    return render(request, "console/sites/vehicles.html", {"vehicles": vehicles})
