from __future__ import annotations

import pytest

from django.core.exceptions import PermissionDenied, ValidationError

from goedwonen.accounts.models import Rol
from goedwonen.accounts.services import rol_validate_capabilities
from goedwonen.core.policy import Capability, can, capabilities_of, require

pytestmark = pytest.mark.django_db


def test_capabilities_are_the_union_of_the_roles(make_user):
    user = make_user([Capability.LOG_SEARCH])
    user.rollen.add(
        Rol.objects.create(
            code="extra", naam="Extra", capabilities=[Capability.ACCOUNTS_VIEW.value]
        )
    )
    assert capabilities_of(user) == {Capability.LOG_SEARCH, Capability.ACCOUNTS_VIEW}


def test_superuser_and_staff_flags_grant_nothing(make_user):
    user = make_user([])
    user.is_superuser = user.is_staff = True
    user.save()
    assert capabilities_of(user) == frozenset()
    with pytest.raises(PermissionDenied):
        require(user, Capability.LOG_SEARCH)


def test_inactive_user_or_organisation_has_no_capabilities(make_user):
    user = make_user([Capability.LOG_SEARCH])
    user.is_active = False
    assert not can(user, Capability.LOG_SEARCH)
    other = make_user([Capability.LOG_SEARCH])
    other.organisatie.actief = False
    other.organisatie.save()
    assert not can(other, Capability.LOG_SEARCH)


def test_user_without_organisation_has_no_capabilities(make_user):
    user = make_user([Capability.LOG_SEARCH])
    user.organisatie = None
    assert capabilities_of(user) == frozenset()


def test_anonymous_has_nothing():
    assert capabilities_of(None) == frozenset()


def test_unknown_capability_codes_in_a_role_are_ignored(make_user):
    user = make_user([])
    user.rollen.add(Rol.objects.create(code="oud", naam="Oud", capabilities=["bestaat.niet"]))
    assert capabilities_of(user) == frozenset()


def test_roles_can_only_be_given_known_capabilities():
    with pytest.raises(ValidationError) as raised:
        rol_validate_capabilities([Capability.LOG_SEARCH.value, "bestaat.niet"])
    assert raised.value.message_dict == {"capabilities": ["Onbekende bevoegdheid: bestaat.niet"]}
    assert rol_validate_capabilities(["privacy.logboek.doorzoeken"] * 2) == [
        "privacy.logboek.doorzoeken"
    ]
