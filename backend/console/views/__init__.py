"""The console's pages. Each view reads through selectors and acts through the apps' services, as the API does."""

from django.shortcuts import render

from backend.accounts.decorators import coordinator_required

from .. import selectors


@coordinator_required
def index(request):
    """The coordinator's overview: what waits for them today, with a link to the page that handles each."""
    return render(request, "console/index.html", {"counts": selectors.overview_counts()})
