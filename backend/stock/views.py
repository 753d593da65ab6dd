"""Printable pages of rotation's records (login required): a handover or return record (Form 02) and the
withdrawal list, each also as PDF. A record outside the user's scope is a 404; the withdrawal list is the
coordinators'."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render

from .handover import handover_record_list_for
from .models import Condition, RecordKind
from .pdf import handover_record_pdf, withdrawal_list_pdf
from .withdrawals import withdrawal_list


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
def handover_record_page(request, pk: int):
    """The record laid out for printing and signing."""
    record = get_object_or_404(handover_record_list_for(user=request.user), pk=pk)
    conditions = dict(Condition.choices)
    items = [{**item, "condition_label": conditions.get(item["condition"], "")} for item in record.items]
    context = {"record": record, "items": items, "is_handover": record.kind == RecordKind.HANDOVER}
    return render(request, "stock/handover_record.html", context)


@login_required
def handover_record_pdf_view(request, pk: int):
    record = get_object_or_404(handover_record_list_for(user=request.user), pk=pk)
    return _pdf(handover_record_pdf(record), f"{record.number}.pdf")


@login_required
def withdrawal_list_page(request):
    """The withdrawal list awaiting the library's decision, laid out for printing."""
    if not request.user.is_coordinator:
        raise PermissionDenied
    return render(request, "stock/withdrawal_list.html", {"entries": withdrawal_list()})


@login_required
def withdrawal_list_pdf_view(request):
    if not request.user.is_coordinator:
        raise PermissionDenied
    return _pdf(withdrawal_list_pdf(withdrawal_list()), "danh-sach-thanh-ly.pdf")
