from django.conf import settings
from django.urls import include, path

urlpatterns = [
    path("health/", include("schakel.web.health_urls")),
    path("api/", include("schakel.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("schakel.web.urls")),
    path("account/", include("schakel.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("privacy/", include("schakel.privacy.urls")),
    path("signalen/", include("schakel.signalling.urls")),
    path("beheer/", include("schakel.organisations.urls")),
    path("acties/", include("schakel.actions.urls")),
    path("overleg/", include("schakel.screening.urls")),
    path("maatregelen/", include("schakel.measures.urls")),
    path("zorg/", include("schakel.care.urls")),
    path("beleid/", include("schakel.policy.urls")),
    path("koppelingen/", include("schakel.linkage.urls")),
    path("netwerk/", include("schakel.network.urls")),
    path("melden/", include("schakel.signalling.urls_public")),
]

if settings.DEBUG:
    from django.contrib import admin

    urlpatterns.append(path("django-admin/", admin.site.urls))

handler404 = "schakel.web.views.not_found"
handler500 = "schakel.web.views.server_error"
handler403 = "schakel.web.views.forbidden"
handler400 = "schakel.web.views.bad_request"
