from __future__ import annotations

import copy
from typing import Any

from rest_framework import serializers

from goedwonen.accounts.models import Organisatie, User
from goedwonen.core.models import Verwerkingsactiviteit
from goedwonen.core.policy import capabilities_of


class FixedFieldsSerializer(serializers.Serializer):
    """A serializer whose fields are the same for every instance, so each instance copies its
    declared fields one level deep. DRF copies them deeply, re-creating every field from deep
    copies of its arguments (choice lists, messages): a tenth of the work of registering a
    report through the API. The copies share only what no instance writes to (choices,
    validators, messages); each is bound to its own serializer as before. Not for a
    serializer that changes its fields per instance."""

    def get_fields(self) -> dict[str, Any]:
        return {name: copy.copy(field) for name, field in self._declared_fields.items()}


class OrganisatieSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisatie
        fields = ["code", "naam", "soort"]


class VerwerkingsactiviteitSerializer(serializers.ModelSerializer):
    bewaartermijnJaren = serializers.IntegerField(source="bewaartermijn_jaren")
    bewaartermijnBron = serializers.CharField(source="bewaartermijn_bron")
    # Declared, not derived from the model: a derived PositiveIntegerField takes its maximum
    # from the database backend (2^63-1 on SQLite, 2^31-1 on PostgreSQL), and the committed
    # contract must not depend on which database generated it.
    versie = serializers.IntegerField(min_value=0)

    class Meta:
        model = Verwerkingsactiviteit
        fields = [
            "code",
            "naam",
            "doel",
            "grondslag",
            "betrokkenen",
            "persoonsgegevens",
            "ontvangers",
            "bewaartermijnJaren",
            "bewaartermijnBron",
            "verantwoordelijke",
            "versie",
            "actief",
        ]


class MijSerializer(serializers.Serializer):
    """Who the caller is, as the policy sees it."""

    gebruikersnaam = serializers.CharField(source="username")
    organisatie = OrganisatieSerializer()
    rollen = serializers.SerializerMethodField()
    bevoegdheden = serializers.SerializerMethodField()

    def get_rollen(self, user: User) -> list[str]:
        return [rol.code for rol in user.rollen.all()]

    def get_bevoegdheden(self, user: User) -> list[str]:
        return sorted(c.value for c in capabilities_of(user))
