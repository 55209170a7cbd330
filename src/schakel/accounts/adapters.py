from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by an administrator, never by self sign-up."""

    def is_open_for_signup(self, request) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on logs in existing users only; it never creates an account."""

    def is_open_for_signup(self, request, sociallogin) -> bool:
        return False
