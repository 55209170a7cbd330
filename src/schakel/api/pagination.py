from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class LinkedPagination(PageNumberPagination):
    """Pages with links (NL API Design Rules): count, next, previous, results."""

    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return super().get_paginated_response_schema(schema)
