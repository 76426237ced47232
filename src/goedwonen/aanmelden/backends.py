"""The password backend: Django's, reading a session's user together with their organisation.

Every signed-in request reads both (the access rule and the menu start from the
organisation): one statement, not two. Its path is kept in each session it signed in, so a
rename signs everyone out once.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend

from goedwonen.accounts.models import User

WACHTWOORD_BACKEND = "goedwonen.aanmelden.backends.WachtwoordBackend"


def session_user(user_id: int) -> User | None:
    """The user of a session, with their organisation; None if gone or deactivated."""
    return User.objects.select_related("organisatie").filter(pk=user_id, is_active=True).first()


class WachtwoordBackend(ModelBackend):
    def get_user(self, user_id: int) -> User | None:
        return session_user(user_id)
