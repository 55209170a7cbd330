"""The second-factor login stage: allauth's TOTP challenge, or an identity provider's vouched MFA."""

from __future__ import annotations

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.stages import AuthenticateStage

from .sso import accepted_idp_mfa


class SecondFactorStage(AuthenticateStage):
    """Asks for our TOTP code, except after single sign-on whose `acr` this organisation trusts as MFA."""

    def handle(self) -> tuple:
        vouched = accepted_idp_mfa((self.login.signal_kwargs or {}).get("sociallogin"))
        if vouched is not None and self.login.user is not None:
            record_authentication(self.request, self.login.user, "mfa", type="idp", **vouched)
            return None, True
        return super().handle()
