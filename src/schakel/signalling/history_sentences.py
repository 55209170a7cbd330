"""The history of a signal as plain Dutch sentences ("Ruben Hoekstra heeft het signaal opgepakt.").

Each SignalEvent gets `sentence` (what happened, who did it) and `show_reason` (whether its
`reason` is a note someone typed, shown under the sentence as "Toelichting"; for an escalation
or a standard message the reason is bookkeeping the sentence already says). Names are the
actor's as the page may show them: a reporter whose name the page hides is "de melder".
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Channel, CloseReason, EntityKind, EventKind, ReferralTarget, SignalStatus

# Reasons that are part of the sentence, not a typed note.
_REASON_IN_SENTENCE = frozenset({EventKind.ESCALATION, EventKind.STANDARD_MESSAGE, EventKind.TABLE})


def _how(channel: str) -> str:
    return {
        Channel.STAFF: _("via het medewerkersformulier"),
        Channel.PUBLIC: _("via het openbare meldformulier"),
        Channel.PHONE: _("telefonisch"),
        Channel.VISIT: _("bij een bezoek aan de balie"),
        Channel.PARTNER_API: _("via de koppeling van een ketenpartner"),
    }.get(channel, _("via een onbekend kanaal"))


def _entity(kind: str) -> str:
    return {
        EntityKind.PERSON: _("een persoon"),
        EntityKind.COMPANY: _("een bedrijf"),
        EntityKind.VEHICLE: _("een voertuig"),
        EntityKind.PHONE: _("een telefoonnummer"),
        EntityKind.EMAIL: _("een e-mailadres"),
        EntityKind.WEBSITE: _("een website of advertentie"),
        EntityKind.ADDRESS: _("een adres"),
    }.get(kind, _("een gegeven"))


def _status(value: str) -> str:
    return str(dict(SignalStatus.choices).get(value, value or "–")).lower()


def _received(event, actor: str | None, data: dict) -> str:
    how = _how(data.get("channel") or event.signal.channel)
    channel = data.get("channel") or event.signal.channel
    if actor is None:
        text = _("Het signaal is %(how)s binnengekomen.") % {"how": how}
    elif channel in (Channel.PHONE, Channel.VISIT):
        text = _("%(actor)s heeft het signaal %(how)s aangenomen en ingevoerd.") % {"actor": actor, "how": how}
    else:
        text = _("%(actor)s heeft het signaal %(how)s gemeld.") % {"actor": actor, "how": how}
    if data.get("acute_danger"):
        text += " " + _("De melder gaf acuut gevaar aan.")
    files = int(data.get("files") or 0)
    if files:
        text += " " + ngettext("Er is %(count)s bestand meegestuurd.", "Er zijn %(count)s bestanden meegestuurd.",
                               files) % {"count": files}
    return text


def _assignment(actor: str | None, data: dict) -> str:
    someone = actor or _("Schakel")
    if data.get("picked_up"):
        return _("%(actor)s heeft het signaal opgepakt.") % {"actor": someone}
    text = _("%(actor)s heeft het signaal toegewezen aan %(name)s.") % {
        "actor": someone, "name": data.get("assigned_to_name") or _("een aandachtsfunctionaris")}
    if data.get("backup_because_absent"):
        text += " " + _("%(name)s is afwezig; %(backup)s vervangt en behandelt het.") % {
            "name": data.get("requested_name") or "–", "backup": data.get("assigned_to_name") or "–"}
    return text


def _transition(event, actor: str | None, data: dict) -> str:
    someone = actor or _("Schakel")
    if event.kind == EventKind.REOPEN:
        return _("%(actor)s heeft het signaal heropend; de status is nu ‘%(to)s’.") % {
            "actor": someone, "to": _status(event.to_status)}
    if event.to_status == SignalStatus.CLOSED:
        reason = dict(CloseReason.choices).get(data.get("close_reason"), "")
        if reason:
            return _("%(actor)s heeft het signaal afgesloten met als reden ‘%(reason)s’.") % {
                "actor": someone, "reason": str(reason).lower()}
        return _("%(actor)s heeft het signaal afgesloten.") % {"actor": someone}
    return _("%(actor)s heeft de status gewijzigd van ‘%(from)s’ in ‘%(to)s’.") % {
        "actor": someone, "from": _status(event.from_status), "to": _status(event.to_status)}


def _referral(actor: str | None, data: dict) -> str:
    target = str(dict(ReferralTarget.choices).get(data.get("to_kind"), _("een andere organisatie")))
    detail = ", ".join(part for part in (data.get("to_organisation"), data.get("to_description")) if part)
    text = _("%(actor)s heeft het signaal doorverwezen naar %(target)s") % {
        "actor": actor or _("Schakel"), "target": target}
    return text + (f" ({detail})." if detail else ".")


def _merge(actor: str | None, data: dict) -> str:
    someone = actor or _("Schakel")
    if data.get("merged_into"):
        return _("%(actor)s heeft het signaal samengevoegd met %(reference)s en daarmee afgesloten.") % {
            "actor": someone, "reference": data["merged_into"]}
    return _("%(actor)s heeft signaal %(reference)s met dit signaal samengevoegd.") % {
        "actor": someone, "reference": data.get("merged_from") or "–"}


def sentence(event, actor: str | None) -> str:
    """The sentence for one event; `actor` is the name the page may show, or None for nobody."""
    data = event.data or {}
    kind = event.kind
    someone = actor or _("Schakel")
    if kind == EventKind.RECEIVED:
        return _received(event, actor, data)
    if kind == EventKind.ASSIGNMENT:
        return _assignment(actor, data)
    if kind in (EventKind.TRANSITION, EventKind.REOPEN):
        return _transition(event, actor, data)
    if kind == EventKind.NOTE:
        return _("%(actor)s heeft een notitie toegevoegd.") % {"actor": someone}
    if kind == EventKind.REFERRAL:
        return _referral(actor, data)
    if kind == EventKind.MERGE:
        return _merge(actor, data)
    if kind == EventKind.QUESTION:
        return _("%(actor)s heeft de melder een vraag gestuurd.") % {"actor": someone}
    if kind == EventKind.ANSWER:
        return _("%(actor)s heeft een bericht gestuurd.") % {"actor": actor or _("De melder")}
    if kind == EventKind.EDIT:
        return _("%(actor)s heeft %(what)s aan het signaal toegevoegd.") % {
            "actor": someone, "what": _entity(data.get("entity_kind", ""))}
    if kind == EventKind.ESCALATION:
        count = int(data.get("recipients") or 0)
        return _("Opgeschaald: de norm voor acuut gevaar is verstreken zonder eerste reactie.") + " " + ngettext(
            "De behandelaar, vervanger of ketenregisseur is direct ingelicht (%(count)s persoon).",
            "De behandelaar, vervangers en ketenregisseur zijn direct ingelicht (%(count)s personen).",
            count) % {"count": count}
    if kind == EventKind.STANDARD_MESSAGE:
        return _("%(actor)s heeft de melder het standaardbericht ‘%(title)s’ gestuurd.") % {
            "actor": someone, "title": event.reason or "–"}
    if kind == EventKind.TABLE:  # the screening app writes the sentence itself (services/table.py)
        text = event.reason or _("Besproken in het screeningsoverleg.")
        if event.to_status:
            text += " " + _("De status is nu ‘%(to)s’.") % {"to": _status(event.to_status)}
        if actor:
            text += " " + _("Vastgelegd door %(actor)s.") % {"actor": actor}
        return text
    return str(event.get_kind_display())


def describe(events: list, *, signal, show_reporter: bool) -> list:
    """Give each event its `sentence` and `show_reason`; returns the same list."""
    for event in events:
        actor = None
        if event.actor_id is not None and event.actor is not None:
            if show_reporter or event.actor_id != signal.reporter_id:
                actor = str(event.actor)
            else:
                actor = _("De melder")
        elif event.kind == EventKind.ANSWER:
            actor = _("De melder")
        event.sentence = sentence(event, actor)
        event.show_reason = bool(event.reason) and event.kind not in _REASON_IN_SENTENCE
    return events
