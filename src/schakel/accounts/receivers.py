"""Login events into the access log, and the second factor counted once it is set up."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed, authenticator_added
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from schakel.privacy.audit import record_access

from .lockout import attempted_login

USER_RECORD_TYPE = "accounts.user"


@receiver(user_login_failed, dispatch_uid="schakel_login_failed")
def log_failed_login(sender, credentials, request=None, **kwargs):
    record_access(user=None, action="login_failed", record_type=USER_RECORD_TYPE,
                  reason=attempted_login(request, credentials)[:150])


@receiver(authentication_failed, dispatch_uid="schakel_second_factor_failed")
def log_failed_second_factor(sender, request, user, authenticator, reauthentication=False, **kwargs):
    record_access(user=None, action="login_failed", record=user,
                  reason=f"{user.get_username()}: tweede factor onjuist")


@receiver(user_logged_in, dispatch_uid="schakel_logged_in")
def log_login(sender, request, user, **kwargs):
    sociallogin = kwargs.get("sociallogin")
    how = f"single sign-on via {sociallogin.account.provider}" if sociallogin is not None else "wachtwoord"
    record_access(user=user, action="login", record=user, reason=how)


@receiver(authenticator_added, dispatch_uid="schakel_second_factor_set_up")
def count_new_totp_as_second_factor(sender, request, user, authenticator, **kwargs):
    """Setting up TOTP proves possession with a valid code: the session has its second factor."""
    from allauth.account.internal.flows.login import record_authentication

    if (authenticator.type == Authenticator.Type.TOTP and request is not None
            and request.user.is_authenticated and request.user.pk == user.pk):
        record_authentication(request, user, "mfa", type=Authenticator.Type.TOTP, id=authenticator.pk, setup=True)
