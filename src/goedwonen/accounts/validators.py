from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError


class DutchMinimumLengthValidator(MinimumLengthValidator):
    """Django's Dutch catalogue lacks this plural; the UI must speak Dutch throughout."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(self.get_error_message(), code="password_too_short")

    def get_error_message(self) -> str:
        return f"Dit wachtwoord is te kort: gebruik ten minste {self.min_length} tekens."

    def get_help_text(self) -> str:
        return f"Uw wachtwoord moet ten minste {self.min_length} tekens bevatten."
