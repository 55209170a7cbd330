"""Refusals of the screening services, each with a Dutch sentence the page shows as it is."""

from django.utils.translation import gettext_lazy as _

from schakel.errors import Refusal


class ScreeningError(Refusal):
    message = _("Deze handeling is niet toegestaan.")


class StaleRecord(ScreeningError):
    message = _("Iemand anders heeft dit intussen gewijzigd. Uw wijziging is niet opgeslagen; uw invoer "
                "staat nog in het formulier. Bekijk de actuele stand en probeer het opnieuw.")


class AgendaClosed(ScreeningError):
    message = _("De agenda van dit overleg is al verstuurd. Vraag de ketenregisseur om het punt door te "
                "schuiven of te laten vervallen.")


class MeetingClosed(ScreeningError):
    message = _("Dit overleg is al afgesloten; er kan niets meer worden gewijzigd.")


class NoMeetingPlanned(ScreeningError):
    message = _("Er is nog geen screeningsoverleg gepland voor deze regio. De ketenregisseur stelt het "
                "overleg in onder Screeningsoverleg > Instellingen.")
