"""Paginators of the inbox: count as little as the page needs (split from selectors.py).

A page that is not full is its own count; a search counts up to a cap; a deadline-sorted page
counts in its own query. Each gives the pages and the count Paginator.get_page gives.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.utils.functional import cached_property


def _page_number(number) -> int:
    """The page number as Paginator.get_page reads it: anything not an integer is page 1."""
    try:
        if isinstance(number, float) and not number.is_integer():
            raise ValueError
        return int(number)
    except (TypeError, ValueError):
        return 1


class PageFirstPaginator(Paginator):
    """A paginator that reads the page before it counts: a page that is not full is the count.

    A search for a phone number, plate or address finds a handful of signals: the first page
    holds them all, and counting them again is a second query for nothing. Only a full page (or
    a page past the end) needs the count, which then runs as Paginator's would. The pages and
    the count are what Paginator.get_page gives.
    """

    def _found_on_page(self, found: int) -> None:
        self.__dict__["count"] = found  # what the cached `count` property would hold

    def _rows(self, bottom: int) -> list:
        return list(self.object_list[bottom:bottom + self.per_page])

    def get_page(self, number):
        number = _page_number(number)
        if number >= 1:
            bottom = (number - 1) * self.per_page
            rows = self._rows(bottom)
            if rows or number == 1:
                if len(rows) < self.per_page:
                    self._found_on_page(bottom + len(rows))
                if number <= self.num_pages:
                    # As Paginator.page: the last page ends at the count (a capped count ends it early).
                    return self._get_page(rows[:max(self.count - bottom, 0)], number, self)
        return super().get_page(number)


class CappedPaginator(PageFirstPaginator):
    """A paginator that counts at most `cap` rows: `count` stops there and `capped` says so.

    The pages end at the cap as well; whoever needs more refines the search.
    """

    def __init__(self, object_list, per_page, *, cap: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.cap = cap

    def _found_on_page(self, found: int) -> None:
        self.__dict__["_found"] = found

    @cached_property
    def _found(self) -> int:
        # Unordered: counting needs no sort, only the first cap + 1 matches.
        return self.object_list.order_by()[: self.cap + 1].count()

    @cached_property
    def count(self) -> int:
        return min(self._found, self.cap)

    @property
    def capped(self) -> bool:
        return self._found > self.cap


class CountingPagePaginator(PageFirstPaginator):
    """A paginator whose page query counts as well (`COUNT(*) OVER ()`): one query instead of two.

    Only for an order that needs every matching row anyway: sorted by the running deadline (a
    computed value no index gives), PostgreSQL reads all matching rows for the page already, and
    a separate count read them a second time. For an order an index gives (newest first) the
    page stops after 25 rows, and counting in it would read them all; those count apart (and
    only for a full page, PageFirstPaginator). A page number beyond the last finds no row and so
    no count: then it counts on its own and shows the last page, as Paginator.get_page does.
    """

    def _rows(self, bottom: int) -> list:
        rows = list(self.object_list.annotate(window_count=Window(Count("*")))[bottom:bottom + self.per_page])
        if rows:
            self._found_on_page(rows[0].window_count)
        return rows
