"""Enforcement and the landlord monitor (issue 13): the roles that do that work get the new
capabilities. Roles are data: each is found by its code (as the demo seeds it), if it exists;
a municipality that named its roles otherwise grants them through Beheer."""

from django.db import migrations

ENFORCEMENT_WORK = "handhaving.trajecten.behandelen"
INSTRUMENTS_MANAGE = "handhaving.instrumenten.beheren"
LANDLORDS_MONITOR = "verhuurders.monitoring.inzien"
LANDLORD_TALKS = "verhuurders.gesprekken.voeren"

GRANTS = {
    "jurist": [ENFORCEMENT_WORK, INSTRUMENTS_MANAGE, LANDLORDS_MONITOR, LANDLORD_TALKS],
    "casusregisseur": [LANDLORDS_MONITOR, LANDLORD_TALKS],
    "toezichthouder": [LANDLORDS_MONITOR],
    "procesregisseur": [LANDLORDS_MONITOR],
}


def grant(apps, schema_editor):
    Rol = apps.get_model("accounts", "Rol")
    for code, capabilities in GRANTS.items():
        for rol in Rol.objects.filter(code=code):
            missing = [c for c in capabilities if c not in rol.capabilities]
            if missing:
                rol.capabilities = [*rol.capabilities, *missing]
                rol.save(update_fields=["capabilities"])


def withdraw(apps, schema_editor):
    Rol = apps.get_model("accounts", "Rol")
    for code, capabilities in GRANTS.items():
        for rol in Rol.objects.filter(code=code):
            rol.capabilities = [c for c in rol.capabilities if c not in capabilities]
            rol.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_privacy_officer_reviews_access")]

    operations = [migrations.RunPython(grant, withdraw)]
