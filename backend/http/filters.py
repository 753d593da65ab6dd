"""Search that ignores Vietnamese diacritics and case, on SQLite and PostgreSQL alike."""

from django.utils.translation import gettext_lazy as _
from rest_framework.filters import BaseFilterBackend

from backend.core.text import fold


class FoldedSearchFilter(BaseFilterBackend):
    """``?search=de men`` keeps rows whose folded text contains every folded word ("Dế Mèn" matches).

    Applies to views whose model has a ``search_text`` column (see ``SearchableModel``).
    """

    search_param = "search"

    def filter_queryset(self, request, queryset, view):
        words = fold(request.query_params.get(self.search_param, "")).split()
        if not words or not _searchable(view):
            return queryset
        for word in words:
            queryset = queryset.filter(search_text__contains=word)
        return queryset

    def get_schema_operation_parameters(self, view):
        if not _searchable(view):
            return []
        return [
            {
                "name": self.search_param,
                "required": False,
                "in": "query",
                "description": str(_('Words to find, ignoring diacritics and case ("da nang" finds "Đà Nẵng").')),
                "schema": {"type": "string"},
            }
        ]


def _searchable(view) -> bool:
    model = getattr(getattr(view, "queryset", None), "model", None)
    return model is not None and any(f.name == "search_text" for f in model._meta.get_fields())
