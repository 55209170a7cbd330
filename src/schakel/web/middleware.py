"""Dutch first: staff pages are Dutch unless the user picks another language in the footer."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware

# Pages for the public (victims, bystanders) follow the browser's language: they may not read Dutch.
BROWSER_LANGUAGE_PREFIXES = ("/melden/",)
# The API answers in Dutch, or in English when the client asks for it (Accept-Language: en): the two
# languages every API text exists in. Any other wish gets Dutch, so one answer is one language.
API_PREFIX = "/api/"
API_LANGUAGES = ("nl", "en")


def _api_language(header: str) -> str:
    from django.utils.translation.trans_real import parse_accept_lang_header

    for language, _quality in parse_accept_lang_header(header or ""):
        base = language.split("-")[0].lower()
        if base in API_LANGUAGES:
            return base
        if language == "*":
            break
    return "nl"


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware without the browser's Accept-Language on staff pages.

    Many civil servants run an English browser; the product, its terms and its user guide are
    Dutch, so the browser's preference must not switch the interface. The language form in the
    footer (a cookie, Django's set_language view) still switches it on purpose.
    """

    def process_request(self, request):
        if request.path.startswith(API_PREFIX):
            request.META["HTTP_ACCEPT_LANGUAGE"] = _api_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) not in API_LANGUAGES:
                # The footer's choice counts for a logged-in browser, but only Dutch or English.
                request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
        elif not request.path.startswith(BROWSER_LANGUAGE_PREFIXES):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)


# Schakel uses none of these browser features: no page (nor anything it embeds) may ask for them.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "geolocation",
    "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
    "picture-in-picture", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
))


class SecurityHeadersMiddleware:
    """Permissions-Policy on every answer; Cache-Control: no-store where personal data may be in it.

    no-store goes on every API answer and on every answer to an authenticated request, unless the
    view set its own Cache-Control (Django's never_cache, for instance). Static files never reach
    this middleware (WhiteNoise answers them before it) and are skipped here too when served otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        if not response.has_header("Cache-Control") and self._personal(request):
            response["Cache-Control"] = "no-store"
        return response

    @staticmethod
    def _personal(request) -> bool:
        from django.conf import settings

        if settings.STATIC_URL and request.path.startswith(settings.STATIC_URL):
            return False
        if request.path.startswith("/api/"):
            return True
        user = getattr(request, "user", None)
        return bool(user is not None and user.is_authenticated)
