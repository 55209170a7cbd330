"""Nationalities as ISO 3166-1 alpha-2 codes with their Dutch names.

A curated list: the countries that CoMensha's yearly figures and the regional care coordinators
meet most (EU labour migration, West Africa, the Horn of Africa, Asia, South America), plus
"XX" for unknown or stateless. Codes are stored; names are only shown.
"""

from django.utils.translation import gettext_lazy as _

UNKNOWN = "XX"

COUNTRIES = (
    ("NL", _("Nederland")),
    ("AF", _("Afghanistan")),
    ("AL", _("Albanië")),
    ("BE", _("België")),
    ("BR", _("Brazilië")),
    ("BG", _("Bulgarije")),
    ("CN", _("China")),
    ("CO", _("Colombia")),
    ("DE", _("Duitsland")),
    ("DO", _("Dominicaanse Republiek")),
    ("EE", _("Estland")),
    ("ER", _("Eritrea")),
    ("ET", _("Ethiopië")),
    ("FR", _("Frankrijk")),
    ("GH", _("Ghana")),
    ("GN", _("Guinee")),
    ("HU", _("Hongarije")),
    ("IN", _("India")),
    ("ID", _("Indonesië")),
    ("IQ", _("Irak")),
    ("IR", _("Iran")),
    ("LV", _("Letland")),
    ("LT", _("Litouwen")),
    ("MA", _("Marokko")),
    ("MD", _("Moldavië")),
    ("NG", _("Nigeria")),
    ("UA", _("Oekraïne")),
    ("UG", _("Oeganda")),
    ("PK", _("Pakistan")),
    ("PH", _("Filipijnen")),
    ("PL", _("Polen")),
    ("PT", _("Portugal")),
    ("RO", _("Roemenië")),
    ("RS", _("Servië")),
    ("SL", _("Sierra Leone")),
    ("SK", _("Slowakije")),
    ("ES", _("Spanje")),
    ("SR", _("Suriname")),
    ("SY", _("Syrië")),
    ("TH", _("Thailand")),
    ("CZ", _("Tsjechië")),
    ("TR", _("Turkije")),
    ("VN", _("Vietnam")),
    ("GB", _("Verenigd Koninkrijk")),
    (UNKNOWN, _("Onbekend of staatloos")),
)

# Member states of the European Union (for the CoMensha 'EU' breakdown and a plausibility check).
EU = frozenset({"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT",
                "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"})

NAMES = dict(COUNTRIES)
