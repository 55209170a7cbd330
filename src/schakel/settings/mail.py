from .environment import setting

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = setting("SCHAKEL_EMAIL_HOST", default="localhost", group="Mail", help="SMTP server host.")
EMAIL_PORT = setting("SCHAKEL_EMAIL_PORT", default=25, cast=int, group="Mail", help="SMTP server port.")
EMAIL_HOST_USER = setting("SCHAKEL_EMAIL_USER", default="", group="Mail", help="SMTP user name.")
EMAIL_HOST_PASSWORD = setting("SCHAKEL_EMAIL_PASSWORD", default="", group="Mail", help="SMTP password.")
EMAIL_USE_TLS = setting("SCHAKEL_EMAIL_TLS", default=False, cast=bool, group="Mail", help="Use STARTTLS.")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = setting("SCHAKEL_EMAIL_FROM", default="schakel@localhost", group="Mail",
                             help="Sender address of notifications.")
if setting("SCHAKEL_EMAIL_CONSOLE", default=False, cast=bool, group="Mail",
           help="Print mail on the console instead of sending it (development)."):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
