"""How allauth behaves in Schakel: no self sign-up, single sign-on for existing staff only."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .sso import mark_email_verified, organisation_for_provider, sso_login_allowed


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator, never by self sign-up."""

    # allauth's Dutch says "je"; Schakel addresses everyone as "u" and names what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _("Uw gebruikersnaam of wachtwoord klopt niet. Controleer beide en "
                                        "probeer het opnieuw."),
        "email_password_mismatch": _("Uw e-mailadres of wachtwoord klopt niet. Controleer beide en probeer "
                                     "het opnieuw."),
        "account_inactive": _("Dit account is niet actief. Neem contact op met de functioneel beheerder van "
                              "uw organisatie."),
        "too_many_login_attempts": _("Te veel mislukte pogingen om in te loggen. Probeer het later opnieuw."),
        "enter_current_password": _("Vul uw huidige wachtwoord in."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_login_stages(self) -> list[str]:
        # Our stage replaces allauth's second-factor stage: same behaviour, plus the
        # per-organisation acceptance of an identity provider's own MFA (docs/decisions).
        return [
            "schakel.accounts.stages.SecondFactorStage" if path == "allauth.mfa.stages.AuthenticateStage" else path
            for path in super().get_login_stages()
        ]

    def pre_login(self, request, user, **kwargs):
        if getattr(user, "is_service_account", False):
            # A service account has an API token and nothing else: it never logs in on a page.
            return render(request, "account/service_account.html", status=403)
        return super().pre_login(request, user, **kwargs)


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": _(
            "Deze code klopt niet, is verlopen of is al gebruikt. Vul de code in die uw authenticator-app "
            "nu laat zien, of een ongebruikte herstelcode."),
        "unverified_email": _(
            "Uw e-mailadres is nog niet bevestigd. Vraag de functioneel beheerder van uw organisatie het te "
            "bevestigen; daarna kunt u de authenticator-app instellen."),
    }


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in existing users only; it never creates or widens an account.

    An organisation's identity provider may only log in people who have an active membership of
    that organisation: the police's IdP cannot log anyone into a municipality's account, whatever
    e-mail address it asserts.
    """

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False

    def pre_social_login(self, request, sociallogin) -> None:
        provider_id = sociallogin.account.provider
        organisation = organisation_for_provider(provider_id)
        user = sociallogin.user if sociallogin.is_existing else None
        if organisation is None or user is None or not sso_login_allowed(user, organisation):
            raise ImmediateHttpResponse(render(
                request, "socialaccount/sso_refused.html",
                {"organisation": organisation}, status=403))
        # The address on the account was entered by an administrator: it counts as verified, so
        # allauth does not wipe the password of an account it connects by e-mail.
        mark_email_verified(user)
