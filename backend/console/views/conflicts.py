"""The conflict inbox: events from the crews' phones that contradict the server's record, in words, with the two
ways to settle them (the crew's record or the server's), through the same service as the API's conflicts."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from backend.accounts.decorators import coordinator_required
from backend.core.exceptions import ApplicationError
from backend.crew.models import ConflictStatus
from backend.crew.selectors import conflict_list as conflicts_with_context
from backend.crew.services import conflict_resolve as resolve

from ..conflict_context import conflict_views

PAGE_SIZE = 20
STATUSES = [*ConflictStatus.values, "all"]
TABS = {
    ConflictStatus.OPEN: gettext_lazy("to settle"),
    ConflictStatus.ACCEPTED: gettext_lazy("crew's record applied"),
    ConflictStatus.DISMISSED: gettext_lazy("server's record kept"),
    "all": gettext_lazy("all"),
}


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(choices=[("accept", gettext_lazy("accept")), ("dismiss", gettext_lazy("dismiss"))])
    note = forms.CharField(label=gettext_lazy("Note (optional)"), max_length=2000, required=False)


@coordinator_required
def conflict_list(request):
    """Conflicts by state (open ones by default), newest first, each with its context and, if open, its actions."""
    status = request.GET.get("status", ConflictStatus.OPEN)
    if status not in STATUSES:
        status = ConflictStatus.OPEN
    counts = dict(conflicts_with_context(status=None).order_by().values_list("status").annotate(n=Count("id")))
    shown = conflicts_with_context(status=None if status == "all" else status)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    tabs = [
        (value, label, counts.get(value, 0) if value != "all" else sum(counts.values()))
        for value, label in TABS.items()
    ]
    context = {"page": page, "views": conflict_views(list(page.object_list)), "status": status, "tabs": tabs}
    return render(request, "console/conflicts/list.html", context)


@coordinator_required
@require_POST
def conflict_resolve(request, pk: int):
    """Settle one conflict. With htmx the conflict's card is answered (settled, or with the reason it was not);
    without, the inbox again with a message."""
    conflict = get_object_or_404(conflicts_with_context(status=None), pk=pk)
    form = ResolveForm(request.POST)
    error = None
    if not form.is_valid():
        error = _("Choose whether to accept the crew's record or keep the server's.")
    else:
        try:
            resolve(
                conflict=conflict,
                user=request.user,
                accept=form.cleaned_data["resolution"] == "accept",
                note=form.cleaned_data["note"],
            )
        except ApplicationError as problem:
            error = problem.message
    if request.htmx:
        # 200 even for a refusal: htmx swaps only 2xx answers, and the card itself shows why.
        fresh = conflicts_with_context(status=None).get(pk=pk)
        (view,) = conflict_views([fresh])
        return render(request, "console/conflicts/_conflict.html", {"view": view, "error": error})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The conflict is settled."))
    return redirect("console:conflicts")
