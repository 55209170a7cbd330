"""Keys, cookies, CSP and HSTS. Production refuses to start without real keys."""

import secrets

from .base import DATA_DIR, PRODUCTION
from .environment import ConfigurationError, setting

_secret = setting("SCHAKEL_SECRET_KEY", default="", group="Security",
                  help="Django secret key (sessions, CSRF). Required in production.")
_encryption_keys = setting(
    "SCHAKEL_ENCRYPTION_KEYS", default=[], cast=list, group="Security",
    help="Comma-separated base64 AES-256 keys for data at rest, newest first. "
         "Rotation: put a new key first, then run manage.py rotate_encryption_key.")
_encryption_key_file = setting(
    "SCHAKEL_ENCRYPTION_KEY_FILE", default="", group="Security",
    help="Alternative to SCHAKEL_ENCRYPTION_KEYS: a file outside the database with one key per line, newest first.")
_index_key = setting(
    "SCHAKEL_INDEX_KEY", default="", group="Security",
    help="Secret for keyed search and linkage tokens (HMAC). Never leaves the deployment. Do not change it: "
         "existing search tokens are made with it and would no longer match.")


def _development_key(name: str) -> str:
    """Development and demo installations keep generated keys in DATA_DIR, outside git."""
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    path = DATA_DIR / f"dev-{name}.key"
    if not path.exists():
        import base64

        path.write_text(base64.b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return path.read_text().strip()


def _read_key_file(path: str) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


ENCRYPTION_KEYS = _encryption_keys or (_read_key_file(_encryption_key_file) if _encryption_key_file else [])

if PRODUCTION:
    missing = [name for name, value in (
        ("SCHAKEL_SECRET_KEY", _secret),
        ("SCHAKEL_ENCRYPTION_KEYS or SCHAKEL_ENCRYPTION_KEY_FILE", ENCRYPTION_KEYS),
        ("SCHAKEL_INDEX_KEY", _index_key),
    ) if not value]
    if missing:
        raise ConfigurationError("Production refuses to start without: " + ", ".join(missing))
    SECRET_KEY = _secret
    INDEX_KEY = _index_key
else:
    SECRET_KEY = _secret or _development_key("secret")
    ENCRYPTION_KEYS = ENCRYPTION_KEYS or [_development_key("encryption")]
    INDEX_KEY = _index_key or _development_key("index")

LINKAGE_SECRETS = setting(
    "SCHAKEL_LINKAGE_SECRETS", default=[], cast=list, group="Security",
    help="Comma-separated secrets for linkage tokens and person encodings (HMAC), newest first; never in the "
         "database and never sent to another installation. Empty: derived from SCHAKEL_INDEX_KEY. Rotation: put a "
         "new secret first, run manage.py rotate_linkage_secret, then remove the old one.")
LINKAGE_INSTALLATION_NAME = setting(
    "SCHAKEL_LINKAGE_INSTALLATION_NAME", default="", group="Security",
    help="This installation's name towards other Schakel installations in the linkage exchange (e.g. 'regio-zuid').")
LINKAGE_PEER_KEYS = setting(
    "SCHAKEL_LINKAGE_PEER_KEYS", default=[], cast=list, group="Security",
    help="Comma-separated 'installation=key' pairs: the key this installation presents to each other installation "
         "in the linkage exchange (the other side stores only its hash).")
LINKAGE_PERSON_THRESHOLD_PERCENT = setting(
    "SCHAKEL_LINKAGE_PERSON_THRESHOLD_PERCENT", default=80, cast=int, group="Security",
    help="Dice similarity (in percent, 0-100) of two persons' encodings from which linkage calls them a match "
         "(docs/decisions/0076-linkage-design.md has precision and recall per threshold).")

MAX_UPLOAD_MB = setting("SCHAKEL_MAX_UPLOAD_MB", default=20, cast=int, group="Security",
                        help="Largest file (in MB) a user may upload; larger files are refused with a clear message.")
API_MAX_ATTACHMENTS_MB = setting(
    "SCHAKEL_API_MAX_ATTACHMENTS_MB", default=30, cast=int, group="Security",
    help="Largest total (in MB, decoded) of the files sent with one signal through the API; each file is also "
         "bound by SCHAKEL_MAX_UPLOAD_MB. Request bodies above 1.5 times this plus 1 MB are refused unread.")
# Uploads up to the limit stay in memory, so their plaintext never reaches a temporary file on disk.
FILE_UPLOAD_MAX_MEMORY_SIZE = (MAX_UPLOAD_MB + 1) * 1024 * 1024
# A request body Django reads into memory (files of multipart forms do not count). DRF reads a JSON
# body through it, and the API's signal body carries its files in base64: the bound follows the
# API's own (signalling/api.py max_body_bytes: 1.5 x the attachments + 1 MB), and is never below
# the 25 MB every other request has.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(25 * 1024 * 1024, API_MAX_ATTACHMENTS_MB * 1024 * 1024 * 3 // 2 + 1024 * 1024)

API_TOKEN_VALID_DAYS = setting(
    "SCHAKEL_API_TOKEN_VALID_DAYS", default=365, cast=int, group="Security",
    help="Days an API key of a service account stays valid after it is issued; then a new one must be issued.")
SESSION_IDLE_MINUTES = setting("SCHAKEL_SESSION_IDLE_MINUTES", default=15, cast=int, group="Security",
                               help="Minutes of inactivity after which a session ends (a warning shows before).")
EMERGENCY_ACCESS_PER_DAY = setting(
    "SCHAKEL_EMERGENCY_ACCESS_PER_DAY", default=3, cast=int, group="Security",
    help="How many emergency accesses (break the glass) one user may open per calendar day.")
# The inbox export carries no free text unless the installation allows it (its privacy protocol)
# and the focal officer asks for it; each such export is flagged in the access log.
EXPORT_FREE_TEXT_ALLOWED = setting(
    "SCHAKEL_EXPORT_FREE_TEXT", default=False, cast=bool, group="Security",
    help="Whether focal officers may include a signal's description in the inbox export (off by default).")
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# A browser-session cookie, not Django's year-long default: the public form leaves nothing on an
# anonymous reporter's device once the browser closes (issue 11).
CSRF_COOKIE_AGE = None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "schakel.web.views.csrf_failure"

# Declared outside the production branch so that docs/operations.md lists it (it only acts there).
_ssl_redirect = setting("SCHAKEL_SSL_REDIRECT", default=True, cast=bool, group="Security",
                        help="Production: redirect plain HTTP to HTTPS (turn off only behind a TLS proxy that does it).")

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_SSL_REDIRECT = _ssl_redirect
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A strict policy: everything from our own origin, nothing inline, nothing third-party.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
