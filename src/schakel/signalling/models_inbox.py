"""The focal officer's own tools around the inbox: saved filters and the region's standard texts.

Imported by models.py, so Django finds these models in the signalling app.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from schakel.accounts.roles import Role
from schakel.accounts.tenancy import NOBODY, Scope, TenantQuerySet
from schakel.organisations.models import Region
from schakel.privacy.fields import EncryptedJSONField


class SavedFilterQuerySet(TenantQuerySet):
    """A saved filter is its owner's alone (its search words may be a name or a phone number)."""

    def scope_filter(self, scope: Scope) -> models.Q:
        if scope.user_id is None or not scope.municipalities_for(Role.FOCAL_OFFICER):
            return NOBODY
        return models.Q(user_id=scope.user_id)


class SavedFilter(models.Model):
    """'Mijn filters': a named set of inbox filters (tab, search, filters, sort) of one user."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_filters",
                             verbose_name=_("gebruiker"))
    name = models.CharField(_("naam"), max_length=80)
    params = EncryptedJSONField(_("filters"), null=True, blank=True, default=None)
    created_at = models.DateTimeField(_("bewaard op"))

    objects = SavedFilterQuerySet.as_manager()

    class Meta:
        verbose_name = _("bewaard filter")
        verbose_name_plural = _("bewaarde filters")
        ordering = ["user", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["user", "name"], name="saved_filter_unique_name")]

    def __str__(self) -> str:
        return self.name


class StandardTextQuerySet(TenantQuerySet):
    """The standard texts of the regions whose municipalities the user is focal officer for."""

    def scope_filter(self, scope: Scope) -> models.Q:
        municipalities = scope.municipalities_for(Role.FOCAL_OFFICER)
        if not municipalities:
            return NOBODY
        return models.Q(region__members__municipality_id__in=sorted(municipalities))


class StandardText(models.Model):
    """A message the region keeps for its reporters ('standaardtekst'), in one or more languages.

    `texts` maps a language code (settings.LANGUAGES) to the text; Dutch is required and is what
    a reporter gets whose language has no text. Templates, not case content: no personal data.
    """

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="standard_texts",
                               verbose_name=_("regio"))
    title = models.CharField(_("titel"), max_length=120)
    texts = models.JSONField(_("teksten per taal"), default=dict)
    active = models.BooleanField(_("in gebruik"), default=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(_("versie"), default=1)
    updated_at = models.DateTimeField(_("gewijzigd op"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("gewijzigd door"))

    objects = StandardTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("standaardtekst")
        verbose_name_plural = _("standaardteksten")
        ordering = ["region", "order", "title", "id"]
        constraints = [models.UniqueConstraint(fields=["region", "title"], name="standard_text_unique_title")]

    def __str__(self) -> str:
        return self.title

    def text_for(self, language: str) -> tuple[str, str]:
        """(language, text): the text in `language`, or the Dutch one when there is none."""
        texts = self.texts or {}
        if (texts.get(language) or "").strip():
            return language, texts[language]
        return "nl", texts.get("nl", "")
