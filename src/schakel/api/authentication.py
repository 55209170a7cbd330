from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ActiveUserTokenAuthentication(TokenAuthentication):
    """Token authentication that refuses a deactivated user's token with the same words as a bad token."""

    keyword = "Token"

    def authenticate_credentials(self, key):
        try:
            user, token = super().authenticate_credentials(key)
        except exceptions.AuthenticationFailed:
            raise exceptions.AuthenticationFailed(_("Ongeldige of ingetrokken token.")) from None
        return user, token

    def authenticate_header(self, request):
        return self.keyword
