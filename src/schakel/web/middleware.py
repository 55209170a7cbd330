"""Dutch first: staff pages are Dutch unless the user picks another language in the footer."""

from django.middleware.locale import LocaleMiddleware

# Pages for the public (victims, bystanders) follow the browser's language: they may not read Dutch.
BROWSER_LANGUAGE_PREFIXES = ("/melden/",)


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language on staff pages.

    Many civil servants run an English browser; the product, its terms and its user guide are
    Dutch, so the browser's preference must not switch the interface. The language form in the
    footer (a cookie, Django's set_language view) still switches it on purpose.
    """

    def process_request(self, request):
        if not request.path.startswith(BROWSER_LANGUAGE_PREFIXES):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)
