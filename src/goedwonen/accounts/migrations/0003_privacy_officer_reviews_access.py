"""The privacy officer's role gets the access review; existing role holders are checked
against the organisation-kind rule (accounts/rules.py).

Roles are data: the role is found by its code (as the demo seeds it), if it exists.
An account that holds a role its organisation's kind may not hold keeps it: taking rights
away unannounced could stop someone's work. The migration names each such account, and the
access review lists them until an administrator resolves them.
"""

import sys

from django.db import migrations

ACCESS_REVIEW = "privacy.toegang.beoordelen"
PRIVACY_OFFICER = "privacy-officer"


def add_access_review(apps, schema_editor):
    Rol = apps.get_model("accounts", "Rol")
    for rol in Rol.objects.filter(code=PRIVACY_OFFICER):
        if ACCESS_REVIEW not in rol.capabilities:
            rol.capabilities = [*rol.capabilities, ACCESS_REVIEW]
            rol.save(update_fields=["capabilities"])


def remove_access_review(apps, schema_editor):
    Rol = apps.get_model("accounts", "Rol")
    for rol in Rol.objects.filter(code=PRIVACY_OFFICER):
        rol.capabilities = [c for c in rol.capabilities if c != ACCESS_REVIEW]
        rol.save(update_fields=["capabilities"])


def report_violations(apps, schema_editor):
    from goedwonen.accounts.rules import not_allowed

    User = apps.get_model("accounts", "User")
    found = []
    people = User.objects.filter(organisatie__isnull=False).select_related("organisatie")
    for user in people.prefetch_related("rollen"):
        for rol in user.rollen.all():
            refused = not_allowed(user.organisatie.soort, rol.capabilities)
            if refused:
                found.append(f"  {user.username}: rol {rol.code} ({', '.join(refused)})")
    if found:
        sys.stderr.write(
            "Let op: deze accounts hebben een rol die hun organisatiesoort niet mag hebben. "
            "De rollen blijven; los ze op via Beheer (de toegangsbeoordeling toont ze):\n"
            + "\n".join(found)
            + "\n"
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_role_history_and_token_last_use")]

    operations = [
        migrations.RunPython(add_access_review, remove_access_review),
        migrations.RunPython(report_violations, migrations.RunPython.noop),
    ]
