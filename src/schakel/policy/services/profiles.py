"""Region profiles (data/region_profiles.json) an administrator applies to a region.

A profile sets the region's policy settings (focal officers per municipality, screening
cadence, contracted care coordination hours, action plan template) and adds its funding
schemes. Applying twice changes nothing the second time.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from schakel.clock import now

from .. import templates_data
from ..models import FundingBasis, FundingScheme, RegionPolicySettings
from . import PolicyError
from .funding import reference_dates


@transaction.atomic
def apply_profile(*, actor, region, key: str) -> list[str]:
    profile = templates_data.region_profile(key)
    if profile is None:
        raise PolicyError(_("Onbekend regioprofiel."))
    settings, _created = RegionPolicySettings.objects.get_or_create(region=region)
    settings.profile_key = key
    settings.focal_officers_per_municipality = profile["focal_officers_per_municipality"]
    if profile.get("screening_cadence_days"):
        settings.screening_cadence_days = profile["screening_cadence_days"]
    if profile.get("care_coordination_hours") is not None:
        settings.care_coordination_hours = Decimal(str(profile["care_coordination_hours"]))
    settings.plan_template_key = profile.get("plan_template", "")
    settings.applied_at, settings.applied_by = now(), actor
    settings.save()
    done = [_("Instellingen van regio %(region)s bijgewerkt volgens profiel %(profile)s.")
            % {"region": region.name, "profile": profile["name"]}]
    dates = reference_dates(region)
    for entry in profile.get("funding", []):
        if FundingScheme.objects.filter(region=region, year=entry["year"], label=entry["label"]).exists():
            continue
        if not dates:
            done.append(_("Regeling '%(label)s' niet aangemaakt: er zijn geen inwonertallen voor alle gemeenten "
                          "van de regio.") % {"label": entry["label"]})
            continue
        FundingScheme.objects.create(
            region=region, year=entry["year"], label=entry["label"], basis=FundingBasis.RATE,
            rate_cents=Decimal(entry["rate_cents"]), reference_date=dates[0],
            period_start=datetime.date.fromisoformat(entry["period_start"]),
            period_end=datetime.date.fromisoformat(entry["period_end"]),
            hours_per_week=Decimal(entry["hours_per_week"]) if entry.get("hours_per_week") else None,
            notes=_("Uit regioprofiel %(profile)s. Bron: %(source)s Controleer de peildatum.")
            % {"profile": profile["name"], "source": profile["source"]},
            created_by=actor, created_at=now())
        done.append(_("Regeling '%(label)s' aangemaakt.") % {"label": entry["label"]})
    return done


def set_refresher_months(*, region, months: int) -> RegionPolicySettings:
    """How many months after a training a department needs a refresher (1 to 120)."""
    if not 1 <= months <= 120:
        raise PolicyError(_("Kies een termijn van 1 tot en met 120 maanden."))
    settings, _created = RegionPolicySettings.objects.get_or_create(region=region)
    settings.refresher_months = months
    settings.save(update_fields=["refresher_months"])
    return settings
