"""Demo records of the network: a social map, signal guides for every department, a bulletin.

Idempotent (keyed on name, department and month); all fictional, with phone numbers from the
fictional 0900 and 088 ranges and addresses on example.org.
"""

from __future__ import annotations

from schakel.demo import DemoContext, register_demo_loader

from .models import Bulletin, Department, Partner, SignalGuide
from .services.bulletin import compute_tables, previous_month

PARTNERS = (
    ("Politie – AVIM Oost (demo)", "police_avim", "Vermoeden van mensenhandel, overleg vóór een aangifte, "
     "acute situaties na 112.", "0900 0000 001", "ma–vr 8.30–17.00", "", ""),
    ("Nederlandse Arbeidsinspectie (demo)", "nla", "Signalen van arbeidsuitbuiting en slechte werkomstandigheden.",
     "0900 0000 002", "ma–vr 9.00–17.00", "", ""),
    ("RIEC Demo-regio", "riec", "Bestuurlijke aanpak, Bibob, informatie-uitwisseling tussen partners.",
     "088 000 0003", "ma–vr 9.00–17.00", "", ""),
    ("Veilig Thuis Demo-regio", "veilig_thuis", "Uitbuiting binnen gezin of relatie, loverboys, minderjarigen.",
     "0800 2000", "24 uur per dag", "", ""),
    ("Zorg- en Veiligheidshuis Demo-regio", "zvh", "Complexe casussen die zorg en veiligheid raken.",
     "088 000 0005", "ma–vr 9.00–17.00", "", ""),
    ("Opvang De Schuilplaats (demo)", "shelter", "Categorale opvang voor slachtoffers van mensenhandel.",
     "088 000 0006", "24 uur per dag via de zorgcoördinator", "vrouwen, categoraal", "Nederlands, Engels, Roemeens"),
    ("CoMensha (demo)", "comensha", "Aanmelden van slachtoffers en vragen over opvang en rechten.",
     "088 000 0007", "ma–vr 9.00–17.00", "", ""),
    ("FairWork (demo)", "fairwork", "Arbeidsmigranten met vragen over werk, loon en uitbuiting.",
     "088 000 0008", "ma–vr 10.00–16.00", "", "Engels, Pools, Bulgaars"),
    ("Nidos (demo)", "nidos", "Alleenstaande minderjarige vreemdelingen (voogdij).", "088 000 0009",
     "ma–vr 9.00–17.00", "", ""),
)

LOOK_FOR = {
    Department.BURGERZAKEN: "Veel inschrijvingen op één adres, steeds dezelfde begeleider aan de balie, "
                            "iemand die niet zelf praat of geen eigen papieren heeft.",
    Department.HANDHAVING: "Veel mensen in een pand of caravan, ramen afgeplakt, busjes die vroeg komen en laat gaan.",
    Department.WMO: "Een cliënt die geld afdraagt, geen eigen telefoon heeft of bang is voor een 'baas'.",
    Department.LEERPLICHT: "Een jongere die vaak verzuimt, dure spullen heeft zonder verklaring of oudere 'vrienden'.",
    Department.INKOMEN: "Een uitkering die direct wordt doorgestort, een ander die de gesprekken voert.",
    Department.VERGUNNINGEN: "Een aanvraag voor een bedrijf met wisselende eigenaren of een stroman.",
    Department.TOEZICHT: "Personeel dat op de werkplek slaapt, geen contract, lange werkdagen.",
}


def load_network(context: DemoContext) -> str:
    region = context.region
    today = context.now.date()
    for name, kind, contact_for, phone, hours, shelter, languages in PARTNERS:
        Partner.objects.get_or_create(region=region, name=name, defaults={
            "kind": kind, "contact_for": contact_for, "phone": phone, "hours": hours, "shelter_types": shelter,
            "languages": languages, "email": "contact@example.org", "last_confirmed_on": today})
    director = context.user("chain_director")
    for department, text in LOOK_FOR.items():
        SignalGuide.objects.get_or_create(region=region, department=department, number=1, defaults={
            "look_for": text, "what_to_do": "Twijfelt u? Meld het in Schakel met het meldformulier voor "
                                           "medewerkers. Bij acuut gevaar belt u eerst 112.",
            "published_at": context.now, "published_by": director})
    month = previous_month(today.replace(day=1))
    Bulletin.objects.get_or_create(region=region, month=month, defaults={
        "tables": compute_tables(region.pk, month), "published_at": context.now, "published_by": director,
        "text": "Deze maand vooral signalen over arbeidsuitbuiting in de landbouw."})
    return f"{len(PARTNERS)} partners, {len(LOOK_FOR)} signaalwijzers, 1 trendbulletin"


# After the signals (order 20), so the bulletin counts them.
register_demo_loader("network.map_guides_bulletin", load_network, order=60)
