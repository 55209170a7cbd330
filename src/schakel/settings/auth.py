from .environment import setting

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # Length beats composition rules (NIST SP 800-63B): at least 12 characters.
    {"NAME": "schakel.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_ADAPTER = "schakel.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "schakel.accounts.forms.LoginForm"}
ACCOUNT_EMAIL_VERIFICATION = "none"
# The address is set by an administrator (login, reset links and SSO matching rely on it):
# people cannot add addresses of their own.
ACCOUNT_MAX_EMAIL_ADDRESSES = 1
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
SOCIALACCOUNT_ADAPTER = "schakel.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Schakel"
MFA_ADAPTER = "schakel.accounts.adapters.MFAAdapter"
MFA_RECOVERY_CODE_COUNT = 10

# One cache shared by all workers and machines, in the database (no extra server): allauth keeps
# the one-time codes already used and its login throttles here, so a code is refused the second
# time whichever worker sees it. MAX_ENTRIES is high so that culling never forgets a used code.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "schakel_cache",
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}

AXES_FAILURE_LIMIT = setting("SCHAKEL_LOGIN_FAILURE_LIMIT", default=5, cast=int, group="Security",
                             help="Failed logins before an account is locked out.")
AXES_COOLOFF_TIME = setting("SCHAKEL_LOGIN_COOLOFF_MINUTES", default=30, cast=int, group="Security",
                            help="Minutes a locked-out account stays locked.") / 60
# Staff logins only (the public form never authenticates, so never reaches axes): locked per
# address + account, so nobody can lock a colleague out from elsewhere; allauth's own throttle
# limits guessing per account across addresses. docs/decisions/0061-login-lock-out-and-passwords.md
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_USERNAME_CALLABLE = "schakel.accounts.lockout.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 100
