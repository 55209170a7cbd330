from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .environment import setting

SRC_DIR = Path(__file__).resolve().parents[2]
PROJECT_DIR = SRC_DIR.parent

ENVIRONMENT = setting(
    "SCHAKEL_ENVIRONMENT",
    default="development",
    group="General",
    help="development, test or production. Production turns DEBUG off and requires all keys.",
)
if ENVIRONMENT not in {"development", "test", "production"}:
    from .environment import ConfigurationError

    raise ConfigurationError("SCHAKEL_ENVIRONMENT must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = setting("SCHAKEL_DEBUG", default=False, cast=bool, group="General",
                help="Show Django's debug pages. Never in production (ignored there).") and not PRODUCTION
DEMO_MODE = setting(
    "SCHAKEL_DEMO",
    default=False,
    cast=bool,
    group="General",
    help="Synthetic demo installation: shows a demo banner and demo one-time codes. Refused in production.",
) and not PRODUCTION

DATA_DIR = Path(setting("SCHAKEL_DATA_DIR", default=str(PROJECT_DIR / "var"), group="General",
                        help="Directory for the embedded database, development keys and encrypted files."))
FILE_STORE_DIR = DATA_DIR / "files"

ALLOWED_HOSTS = setting("SCHAKEL_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"],
                        cast=list, group="General", help="Comma-separated host names the site answers to.")
SITE_URL = setting("SCHAKEL_SITE_URL", default="http://127.0.0.1:8000", group="General",
                   help="Public base URL, used for links in e-mail.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "schakel.accounts",  # before allauth: its templates restyle allauth's pages
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_q",
    "schakel.organisations",
    "schakel.privacy",
    "schakel.signalling",
    "schakel.actions",
    "schakel.screening",
    # After screening: they replace its built-in care and administrative routes.
    "schakel.measures",
    "schakel.care",
    "schakel.policy",
    "schakel.linkage",
    "schakel.network",
    "schakel.jobs",
    "schakel.demo",
    "schakel.web",
    "schakel.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files pass without them; outside the rest, so they see every answer.
    "schakel.web.middleware.SecurityHeadersMiddleware",
    "schakel.api.middleware.ApiVersionMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "schakel.web.middleware.DutchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After the session's user is known: an API client without login or token is counted here.
    "schakel.api.middleware.ApiAnonymousRateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "schakel.accounts.middleware.SecondFactorRequiredMiddleware",
    "schakel.accounts.middleware.IdleSessionMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "schakel.urls"
WSGI_APPLICATION = "schakel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "schakel.web.context_processors.shell",
            ],
        },
    }
]

LANGUAGE_CODE = "nl"
LANGUAGES = [
    ("nl", _("Nederlands")),
    ("en", _("English")),
    ("pl", _("Polski")),
    ("ro", _("Română")),
    ("bg", _("Български")),
    ("uk", _("Українська")),
]
# Staff pages offer Dutch and English; the public form offers all six.
STAFF_LANGUAGES = ("nl", "en")
LOCALE_PATHS = [SRC_DIR / "schakel" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Development and demo serve static files straight from the apps, so `make run` needs no
# collectstatic; production serves the collected, compressed, fingerprinted copies.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if PRODUCTION else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMAT_MODULE_PATH = ["schakel.formats"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
