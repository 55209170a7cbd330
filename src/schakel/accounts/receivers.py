"""Login events into the access log, and the second factor counted once it is set up."""

from __future__ import annotations

from allauth.account.signals import user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authentication_failed
from django.contrib.auth.signals import user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from schakel.privacy.audit import record_access

from .lockout import attempted_login
from .middleware import has_totp, needs_second_factor

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
    if sociallogin is None and needs_second_factor(user) and not has_totp(user):
        # Who must set up TOTP now has typed the password a moment ago: the set-up page need
        # not ask for it again (allauth wants a recent re-authentication before adding one).
        from allauth.account.internal.flows.login import record_authentication

        record_authentication(request, user, "password", reauthenticated=True, at_login=True)


@receiver(post_save, sender=Authenticator, dispatch_uid="schakel_second_factor_set_up")
def count_new_totp_as_second_factor(sender, instance, created, **kwargs):
    """Setting up TOTP proves possession with a valid code: that session has its second factor.

    A post_save receiver rather than allauth's `authenticator_added`, which is sent on commit,
    when the session may already have been saved.
    """
    from allauth.account.internal.flows.login import record_authentication
    from allauth.core import context

    request = context.request
    if (not created or instance.type != Authenticator.Type.TOTP or request is None
            or not request.user.is_authenticated or request.user.pk != instance.user_id):
        return
    record_authentication(request, request.user, "mfa", type=Authenticator.Type.TOTP, id=instance.pk, setup=True)
