"""`in_ids`: a long list of ids as one value (an array on PostgreSQL), the same rows as `in`."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from goedwonen.accounts.models import Organisatie

pytestmark = pytest.mark.django_db


def test_in_ids_finds_what_in_finds_with_one_parameter_on_postgresql():
    made = [
        Organisatie.objects.create(code=f"o{n}", naam=f"Organisatie {n}", soort="extern")
        for n in range(5)
    ]
    asked = [made[0].pk, made[3].pk, 10**9]
    with CaptureQueriesContext(connection) as queries:
        found = sorted(Organisatie.objects.filter(pk__in_ids=asked).values_list("pk", flat=True))
    assert found == sorted(Organisatie.objects.filter(pk__in=asked).values_list("pk", flat=True))
    assert found == sorted([made[0].pk, made[3].pk])
    sql = queries.captured_queries[0]["sql"]
    assert ("= ANY(" in sql) == (connection.vendor == "postgresql")
    # Ids given as text (from a form) are ids all the same; none found for none asked.
    assert Organisatie.objects.filter(pk__in_ids=[str(made[1].pk)]).get() == made[1]
    assert not Organisatie.objects.filter(pk__in_ids=[]).exists()
    # Negated and combined, as the access rule uses it.
    rest = Organisatie.objects.filter(pk__in=[m.pk for m in made]).exclude(pk__in_ids=asked)
    assert sorted(rest.values_list("pk", flat=True)) == sorted(m.pk for m in made[1:3] + made[4:])


def test_in_ids_on_a_key_to_another_table(make_user):
    from goedwonen.accounts.models import User

    people = [make_user(username=f"persoon{n}") for n in range(3)]
    organisations = [people[0].organisatie_id, 10**9]
    with CaptureQueriesContext(connection) as queries:
        found = set(User.objects.filter(organisatie_id__in_ids=organisations))
    assert found == set(User.objects.filter(organisatie_id__in=organisations)) >= set(people)
    assert ("= ANY(" in queries.captured_queries[0]["sql"]) == (connection.vendor == "postgresql")


def test_ids_made_once_serve_every_filter_and_any_size_of_id():
    from goedwonen.core.lookups import Ids

    made = [
        Organisatie.objects.create(code=f"i{n}", naam=f"Organisatie {n}", soort="extern")
        for n in range(4)
    ]
    ids = Ids([made[0].pk, str(made[2].pk)])
    assert set(Organisatie.objects.filter(pk__in_ids=ids)) == {made[0], made[2]}
    others = Organisatie.objects.filter(pk__in=[m.pk for m in made]).exclude(pk__in_ids=ids)
    assert set(others) == {made[1], made[3]}
    # An id past the 32-bit range is asked as such, not cut off or refused.
    with CaptureQueriesContext(connection) as queries:
        found = list(Organisatie.objects.filter(pk__in_ids=Ids([2**40, made[1].pk])))
    assert found == [made[1]]
    if connection.vendor == "postgresql":
        assert "::int8[]" in queries.captured_queries[0]["sql"]
