"""Password rules: Django's validators, with Dutch wording where Django's catalogue lacks it.

The rules themselves (docs/decisions/0061-login-lock-out-and-passwords.md): at least 12 characters, not like
the user's name or e-mail, not one of the ~20,000 most common passwords (Django's list), not only
digits. No composition rules (NIST SP 800-63B).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.utils.translation import ngettext


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule; its Dutch catalogue (5.2) misses this message, so it is ours."""

    def get_error_message(self) -> str:
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self) -> str:
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
