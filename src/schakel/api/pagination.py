from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class LinkedPagination(PageNumberPagination):
    """Pages with links (NL API Design Rules): count, next, previous, results.

    A `page` or `pageSize` that is not a whole number or out of range is a 400 problem naming the
    parameter, never a 404 or a silently different page size.
    """

    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        size = _whole_number(raw)
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError({self.page_size_query_param: [
                _("Geef een geheel getal van 1 tot en met %(max)d.") % {"max": self.max_page_size}]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = self.django_paginator_class(queryset, page_size)
        raw = request.query_params.get(self.page_query_param)
        if raw is None:
            number = 1
        else:
            number = _whole_number(raw)
            if number is None or number < 1:
                raise ValidationError({self.page_query_param: [_("Geef een geheel getal van 1 of hoger.")]})
        try:
            self.page = paginator.page(number)
        except InvalidPage:
            raise ValidationError({self.page_query_param: [
                _("Pagina %(page)d bestaat niet; er zijn %(pages)d pagina's.")
                % {"page": number, "pages": paginator.num_pages}]})
        if paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return list(self.page)

    def get_paginated_response(self, data):
        return Response({
            "count": self.page.paginator.count,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": data,
        })

    def get_paginated_response_schema(self, schema):
        return super().get_paginated_response_schema(schema)


def _whole_number(raw: str) -> int | None:
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
        return None
    return int(raw)
