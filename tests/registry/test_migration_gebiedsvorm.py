"""Upgrading moves each area's outline to its own table, and downgrading brings it back."""

from __future__ import annotations

import pytest

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("registry", "0008_woning_ligging")]
AFTER = [("registry", "0009_gebiedsvorm")]
OUTLINE = {"type": "Polygon", "coordinates": [[[4.47, 51.88], [4.48, 51.88], [4.47, 51.89]]]}


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_outlines_move_to_their_own_table_and_back():
    try:
        apps = _migrate(BEFORE)
        Gebied = apps.get_model("registry", "Gebied")
        Gebied.objects.create(code="BU05991572", naam="Carnisse", soort="buurt", geometrie=OUTLINE)
        Gebied.objects.create(code="BU05991573", naam="Zonder vorm", soort="buurt")

        apps = _migrate(AFTER)
        Gebiedsvorm = apps.get_model("registry", "Gebiedsvorm")
        assert list(Gebiedsvorm.objects.values_list("gebied__code", "geometrie")) == [
            ("BU05991572", OUTLINE)
        ]

        apps = _migrate(BEFORE)
        Gebied = apps.get_model("registry", "Gebied")
        assert dict(Gebied.objects.values_list("code", "geometrie")) == {
            "BU05991572": OUTLINE,
            "BU05991573": None,
        }
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
