"""People sorted by surname as Dutch lists do: 'Anna van der Berg' under B (after 'Piet Bakker',
before 'Kees Brink'), 'Jan de Vries' under V.

The tussenvoegsel (van, de, van der, ten, ...) at the start of the last name is left out of the
sort key and used only to break ties; then the first name. One list of particles serves both the
database order (the inbox sorted on "Behandelaar", the assignee choices) and the Python key (lists
built in memory), so both put the same names in the same order.
"""

from __future__ import annotations

from django.db.models import Case, F, Value, When
from django.db.models.functions import Lower, Substr

# Longest first: 'van der' is tried before 'van'. Lower case; a particle is followed by a space.
PARTICLES = tuple(sorted("""
van der|van den|van de|van het|van 't|van t|in 't|in het|in de|in den|op de|op den|op het|op 't|uit de|uit den|
uit het|aan de|aan den|aan het|bij de|onder de|over de|voor de|ten|ter|te|van|de|den|der|het|'t|la|le|les|du|
von der|von dem|von|vom|zu|zum|zur|di|da|del|della|dos|das|des|d'|l'
""".replace("\n", "").split("|"), key=lambda particle: (-len(particle), particle)))
# Particles written with an apostrophe join the next word ("d'Ancona" under A).
_JOINED = ("d'", "l'")
_SPACED = tuple(particle for particle in PARTICLES if particle not in _JOINED)


def split_surname(last_name: str) -> tuple[str, str]:
    """('van der', 'Berg') for 'van der Berg'; ('', 'Bakker') for 'Bakker'."""
    text = (last_name or "").strip()
    lowered = text.lower()
    for particle in _SPACED:
        if lowered.startswith(particle + " ") and text[len(particle) + 1:].strip():
            return text[:len(particle)], text[len(particle) + 1:].strip()
    for particle in _JOINED:
        if lowered.startswith(particle) and len(text) > len(particle):
            return text[:len(particle)], text[len(particle):]
    return "", text


def surname_key(user) -> tuple:
    """A sort key for a user (or None, sorted last): surname without particle, first name, particle."""
    if user is None:
        return (1, "", "", "", 0)
    particle, surname = split_surname(getattr(user, "last_name", ""))
    first = (getattr(user, "first_name", "") or "").casefold()
    if not surname:  # no last name: under the first name, else the user name
        surname = first or (getattr(user, "username", "") or "")
        first = ""
    return (0, surname.casefold(), first, particle.casefold(), getattr(user, "pk", 0) or 0)


def sort_by_surname(users) -> list:
    return sorted(users, key=surname_key)


def surname_order(field: str = "last_name", first_name: str = "first_name", username: str = "username") -> list:
    """ORDER BY terms (ascending) for users by surname without particle, then first name.

    `field`, `first_name` and `username` are the lookups of the user's columns (for the inbox:
    'assigned_to__last_name' and so on). Use `.desc()` / `.asc(nulls_last=True)` on each term.
    """
    last = Lower(F(field))
    core = Case(
        *(When(**{f"{field}__istartswith": particle + " "}, then=Lower(Substr(F(field), len(particle) + 2)))
          for particle in _SPACED),
        *(When(**{f"{field}__istartswith": particle}, then=Lower(Substr(F(field), len(particle) + 1)))
          for particle in _JOINED),
        When(**{field: "", first_name: ""}, then=Lower(F(username))),
        When(**{field: ""}, then=Lower(F(first_name))),
        default=last,
    )
    first = Case(When(**{field: ""}, then=Value("")), default=Lower(F(first_name)))
    return [core, first, last]
