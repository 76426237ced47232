from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from goedwonen.accounts.services import api_token_authenticate


class OrganisationTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`. The token's service account belongs to one organisation."""

    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Ongeldige Authorization-header: gebruik 'Token <sleutel>'.")
            )
        try:
            key = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(
                _("De sleutel bevat ongeldige tekens.")
            ) from error
        token = api_token_authenticate(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Onbekend of ingetrokken token."))
        return token.serviceaccount, token

    def authenticate_header(self, request: Request) -> str:
        return self.keyword
