"""API authentication: a personal token, or the browser session of a user who passed the second factor."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, TokenAuthentication


class ActiveUserTokenAuthentication(TokenAuthentication):
    """`Authorization: Token <key>` against the hashed keys of schakel.api.models.ApiToken.

    An unknown, expired or revoked key and a deactivated user's key are refused with the same words.
    """

    keyword = "Token"

    def authenticate_credentials(self, key):
        from .services import authenticate_key

        found = authenticate_key(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Ongeldige of ingetrokken token."))
        return found

    def authenticate_header(self, request):
        return self.keyword


class SecondFactorSessionAuthentication(SessionAuthentication):
    """The page session, but only once the second factor is done when the user's roles require one.

    The pages enforce this in `SecondFactorRequiredMiddleware`, which leaves /api/ alone so that
    tokens work; without this check a password-only session could read through the API what the
    pages would refuse to show.
    """

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        from schakel.accounts.middleware import has_second_factor_in_session, needs_second_factor

        user = result[0]
        if needs_second_factor(user) and not has_second_factor_in_session(request._request):
            return None
        return result
