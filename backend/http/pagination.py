from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework import pagination

from backend.stock.catalogue.selectors import capped_count


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 500


class CappedPaginator(Paginator):
    """Counts at most ``CATALOGUE_SEARCH_COUNT_CAP`` matches (``capped_count``); ``capped`` says there were more."""

    @cached_property
    def count(self):
        count, self.capped = capped_count(self.object_list)
        return count


class CappedCountPagination(PageNumberPagination):
    """Page numbers, with a count that stops at 1,000 matches: a broader search should be refined, not paged."""

    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = getattr(self.page.paginator, "capped", False)
        return response

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_capped"] = {"type": "boolean", "description": "More matches than the count."}
        return schema
