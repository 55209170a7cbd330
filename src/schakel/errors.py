"""The one shape of a refusal the pages show as it is: a Dutch `message`, and the form `field` it
is about, if any. Each app subclasses it with its own default message (ActionError, ScreeningError,
CareError, ...), so a view can put the message next to the field without knowing the app."""

from django.utils.translation import gettext_lazy as _


class Refusal(Exception):
    message = _("Deze handeling is niet toegestaan.")
    field: str | None = None

    def __init__(self, message=None, *, field: str | None = None):
        if message is not None:
            self.message = message
        if field is not None:
            self.field = field
        super().__init__(str(self.message))


def clean_text(value, *, field: str, limit: int, required: bool = False, missing=None,
               refusal: type[Refusal] = Refusal) -> str:
    """The text as it is kept: stripped; refused (as `refusal`, on `field`) when required and empty
    (with the `missing` sentence) or longer than `limit` characters."""
    text = (value or "").strip()
    if required and not text:
        raise refusal(missing, field=field)
    if len(text) > limit:
        raise refusal(_("Deze tekst is te lang: hoogstens %(limit)s tekens.")
                      % {"limit": f"{limit:,}".replace(",", ".")}, field=field)
    return text
