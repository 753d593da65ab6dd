"""The bus's stock: what is on each bus, the day's loading list, and the scan field that loads, unloads, deposits
and collects (a USB scanner types the code and Enter). Each scan answers one line in words."""

import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.places.models import ServiceSite, Vehicle
from backend.stock.bus_scan import SCAN_KINDS, bus_scan, bus_scan_undo
from backend.stock.describe import kind_in_words
from backend.stock.manifest import bus_load, bus_loads, bus_manifest, next_route_day, scan_code_title

from .common import REFUSALS, error_text


@coordinator_required
def bus_list(request):
    vehicles = list(Vehicle.objects.select_related("home_depot").order_by("plate_number"))
    loads = bus_loads(vehicles=vehicles)
    rows = [{"vehicle": v, "books": loads[v.pk][0], "boxes": loads[v.pk][1]} for v in vehicles]
    return render(request, "console/buses/list.html", {"rows": rows})


def _day(request) -> datetime.date:
    try:
        return datetime.date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return timezone.localdate() + datetime.timedelta(days=1)


@coordinator_required
def bus_detail(request, pk):
    vehicle = get_object_or_404(Vehicle.objects.select_related("home_depot"), pk=pk)
    day = _day(request)
    manifest = bus_manifest(vehicle=vehicle, day=day)
    stop_ids = [stop.visit.site_id for stop in manifest.stops]
    sites = list(ServiceSite.objects.filter(is_active=True).order_by("name").only("pk", "name"))
    context = {
        "vehicle": vehicle,
        "load": bus_load(vehicle=vehicle),
        "manifest": manifest,
        "day": day,
        "next_day": None if manifest.has_route else next_route_day(vehicle=vehicle, after=day),
        "kinds": [(kind, kind_in_words(kind)) for kind in SCAN_KINDS],
        "stop_sites": [s for s in sites if s.pk in stop_ids],
        "other_sites": [s for s in sites if s.pk not in stop_ids],
    }
    return render(request, "console/buses/detail.html", context)


def _scan_answer(request, vehicle, line: dict):
    """htmx gets the line (and the bus's fresh figures out of band); a plain form post goes back to the page."""
    if not request.htmx:
        if line.get("error"):
            messages.error(request, line["error"])
        else:
            messages.success(request, f"{line['title']}: {line['source']} → {line['target']}")
        return redirect("console:bus-detail", pk=vehicle.pk)
    load = bus_loads(vehicles=[vehicle])[vehicle.pk]
    context = {"line": line, "vehicle": vehicle, "books": load[0], "boxes": load[1]}
    return render(request, "console/buses/_scan_line.html", context)


def _result_line(result, *, undone=False) -> dict:
    return {
        "code": result.code,
        "title": result.title,
        "action": kind_in_words(result.kind),
        "source": result.source,
        "target": result.target,
        "copies": result.copies,
        "movement": result.movement_id,
        "collection": result.collection_code,
        "left_behind": len(result.left_behind),
        "undone": undone,
    }


@require_POST
@coordinator_required
def bus_scan_view(request, pk):
    vehicle = get_object_or_404(Vehicle, pk=pk)
    code, kind = request.POST.get("code", "").strip(), request.POST.get("kind", "")
    site_id = request.POST.get("site") or None
    site = ServiceSite.objects.filter(pk=site_id).first() if site_id and site_id.isdigit() else None
    if kind in ("deposit", "collect") and site is None:
        line = {"code": code, "error": _("Choose the site where the books are deposited or collected.")}
        return _scan_answer(request, vehicle, line)
    try:
        result = bus_scan(vehicle=vehicle, kind=kind, code=code, site=site, by=request.user)
    except REFUSALS as exc:
        line = {"code": code, "title": scan_code_title(code), "error": error_text(exc)}
        return _scan_answer(request, vehicle, line)
    return _scan_answer(request, vehicle, _result_line(result))


@require_POST
@coordinator_required
def bus_scan_undo_view(request, pk):
    vehicle = get_object_or_404(Vehicle, pk=pk)
    movement = request.POST.get("movement", "")
    if not movement.isdigit():
        return _scan_answer(request, vehicle, {"code": "", "error": _("Nothing to undo.")})
    try:
        result = bus_scan_undo(vehicle=vehicle, movement_id=int(movement), by=request.user)
    except REFUSALS as exc:
        return _scan_answer(request, vehicle, {"code": "", "error": error_text(exc)})
    return _scan_answer(request, vehicle, _result_line(result, undone=True))
