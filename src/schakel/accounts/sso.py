"""Single sign-on per organisation: one allauth OpenID Connect app per organisation.

An organisation's `sso_provider_id` names a `SocialApp(provider="openid_connect",
provider_id=...)`. Its `settings` hold the issuer (`server_url`) and, optionally,
`mfa_acr_values`: the `acr` values of that identity provider that mean "signed in with more
than one factor". Only then is the provider's own MFA accepted instead of our TOTP
(docs/decisions/0063-sso-existing-users-and-second-factor.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from allauth.socialaccount.models import SocialApp

from schakel.organisations.models import Organisation

OIDC = "openid_connect"


@dataclass(frozen=True)
class SsoButton:
    organisation_name: str
    provider_id: str
    login_url: str


def organisation_for_provider(provider_id: str) -> Organisation | None:
    if not provider_id:
        return None
    return Organisation.objects.filter(sso_provider_id=provider_id, active=True).first()


def sso_login_allowed(user, organisation: Organisation) -> bool:
    """Only an active person with an active membership of the provider's own organisation."""
    if not user.is_active or getattr(user, "is_service_account", False):
        return False
    return user.memberships.filter(organisation=organisation, active=True).exists()


def mark_email_verified(user) -> None:
    """The account's own address (set by an administrator) as allauth's verified primary address."""
    from allauth.account.models import EmailAddress

    if not user.email:
        return
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not address.verified:
        address.verified = True
        address.save(update_fields=["verified"])


def login_buttons() -> list[SsoButton]:
    """"Inloggen met <organisatie>" for every active organisation with a configured provider."""
    from django.urls import reverse

    apps = {app.provider_id: app for app in SocialApp.objects.filter(provider=OIDC).exclude(provider_id="")}
    buttons = []
    for organisation in Organisation.objects.filter(active=True).exclude(sso_provider_id="").order_by("name"):
        if organisation.sso_provider_id in apps:
            buttons.append(SsoButton(
                organisation_name=organisation.name,
                provider_id=organisation.sso_provider_id,
                login_url=reverse("openid_connect_login", kwargs={"provider_id": organisation.sso_provider_id}),
            ))
    return buttons


def accepted_idp_mfa(sociallogin) -> dict | None:
    """The id_token's `acr` when this provider is configured to vouch for MFA with it, else None."""
    if sociallogin is None:
        return None
    provider_id = sociallogin.account.provider
    app = SocialApp.objects.filter(provider=OIDC, provider_id=provider_id).first()
    if app is None:
        return None
    accepted = set(app.settings.get("mfa_acr_values") or [])
    claims = (sociallogin.account.extra_data or {}).get("id_token") or {}
    acr = claims.get("acr")
    if accepted and isinstance(acr, str) and acr in accepted:
        return {"provider": provider_id, "acr": acr}
    return None
