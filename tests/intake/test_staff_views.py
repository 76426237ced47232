from __future__ import annotations

from datetime import timedelta

import pytest

from django.urls import reverse
from django.utils import timezone

from goedwonen.core.models import Verwerkingslog
from goedwonen.core.policy import Capability
from goedwonen.intake.models import Melding
from goedwonen.intake.services.registration import Contact, melding_register
from goedwonen.registry.address_lookup import OpgegevenAdres
from tests.log_lines import log_inserts, log_mark, logged_since, subject

pytestmark = pytest.mark.django_db

HANDLER = [Capability.REPORTS_TRIAGE, Capability.REPORTS_VIEW, Capability.REPORTS_REGISTER]


@pytest.fixture
def handler(make_user):
    return make_user(HANDLER, username="behandelaar")


def _register(actor, **extra):
    fields = {
        "bron": "telefoon",
        "categorie": "overbewoning",
        "omschrijving": "Veel bedden",
        "adres": OpgegevenAdres(postcode="3083AB", huisnummer="10"),
        "melder_soort": "bewoner",
    }
    return melding_register(actor=actor, **(fields | extra)).melding


def test_queue_counts_and_overdue_first(city, client, handler):
    late = _register(handler, ontvangen_op=timezone.now() - timedelta(days=60))
    fresh = _register(handler)
    client.force_login(handler)
    response = client.get(reverse("meldingen"), {"wachtrij": "alle"})
    reports = [m.pk for m in response.context["page"].object_list]
    # Most overdue first: ordered by the finish-by date.
    assert reports.index(late.pk) < reports.index(fresh.pk) == len(reports) - 1
    deadlines = [m.afgehandeld_voor for m in response.context["page"].object_list]
    assert deadlines == sorted(deadlines)
    counts = response.context["counts"]
    # The three imported reports are open too (status ontvangen); one of them was matched.
    assert counts["alle"] == Melding.objects.filter(status="ontvangen").count()
    assert counts["te_laat"] >= 1
    html = response.content.decode()
    assert "te laat" in html and late.referentie in html
    overdue = (
        client.get(reverse("meldingen"), {"wachtrij": "alle", "te_laat": "1"})
        .context["page"]
        .object_list
    )
    assert fresh.pk not in [m.pk for m in overdue]


def test_staff_registration_form(city, client, handler):
    client.force_login(handler)
    response = client.post(
        reverse("melding-registreren"),
        {
            "bron": "telefoon",
            "bron_id": "",
            "categorie": "woonoverlast",
            "omschrijving": "Geluid <script>alert(1)</script>",
            "postcode": "3083AB",
            "huisnummer": "10",
            "melder_soort": "bewoner",
            "naam": "Buurvrouw",
            "email": "",
            "telefoon": "",
        },
    )
    melding = Melding.objects.get(categorie="woonoverlast", bron="telefoon")
    assert response["Location"] == reverse("melding", args=[melding.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Geluid &lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_registration_form_errors_keep_the_input(city, client, handler):
    client.force_login(handler)
    response = client.post(
        reverse("melding-registreren"),
        {
            "bron": "telefoon",
            "categorie": "",
            "omschrijving": "Iets",
            "postcode": "",
            "huisnummer": "",
            "melder_soort": "bewoner",
        },
    )
    form = response.context["form"]
    assert form.errors["categorie"] == ["Dit veld is vereist."]
    assert form.errors["postcode"] == ["Vul de postcode in, bijvoorbeeld 3083 AB."]
    assert form.errors["huisnummer"] == ["Vul het huisnummer in, bijvoorbeeld 10."]
    assert "Iets</textarea>" in response.content.decode()


def test_contact_details_only_with_the_capability_and_logged(city, client, make_user, handler):
    melding = _register(handler, contact=Contact(naam="Anna Melder", telefoon="0612345678"))
    viewer = make_user([Capability.REPORTS_VIEW])
    client.force_login(viewer)
    assert "Anna Melder" not in client.get(reverse("melding", args=[melding.pk])).content.decode()
    identity = make_user([Capability.REPORTS_VIEW, Capability.REPORTER_IDENTITY_VIEW])
    client.force_login(identity)
    assert "Anna Melder" in client.get(reverse("melding", args=[melding.pk])).content.decode()
    line = Verwerkingslog.objects.order_by("-pk").first()
    assert (line.name, line.audit.gebruiker) == ("Contactgegevens melder ingezien", identity)


def test_triage_through_the_page(city, client, handler, make_user):
    director = make_user([Capability.CASES_DIRECT], username="regisseur")
    melding = _register(handler)
    client.force_login(handler)
    response = client.post(
        reverse("melding-triage", args=[melding.pk]), {"uitkomst": "multi", "reden": ""}
    )
    assert response.status_code == 200
    assert response.context["triage_form"].errors["reden"] == ["Dit veld is vereist."]
    response = client.post(
        reverse("melding-triage", args=[melding.pk]),
        {"uitkomst": "multi", "casusregisseur": str(director.pk), "reden": "Meerdere misstanden"},
        follow=True,
    )
    assert "Doorgezet naar casusregie" in response.content.decode()
    response = client.post(
        reverse("melding-afsluiten", args=[melding.pk]), {"reden": "Casus aangemaakt"}, follow=True
    )
    assert Melding.objects.get(pk=melding.pk).status == "afgesloten"


def test_triage_offers_as_director_only_who_may_direct_a_case(city, client, handler, make_user):
    director = make_user([Capability.CASES_DIRECT], username="regisseur")
    triager = make_user([Capability.REPORTS_TRIAGE], username="triagist")
    melding = _register(handler)
    client.force_login(handler)
    form = client.get(reverse("melding", args=[melding.pk])).context["triage_form"]
    offered = [value for value, _ in form.fields["casusregisseur"].choices]
    assert offered == ["", str(director.pk)]
    # A posted handler (an old form, a crafted post) gets a clear error, and nothing changes.
    response = client.post(
        reverse("melding-triage", args=[melding.pk]),
        {"uitkomst": "multi", "casusregisseur": str(triager.pk), "reden": "Meerdere misstanden"},
    )
    assert response.status_code == 200
    assert response.context["triage_form"].errors["casusregisseur"] == [
        "Kies een casusregisseur uit de lijst: alleen wie casussen mag regisseren, kan de "
        "casus aanmaken."
    ]
    assert Melding.objects.get(pk=melding.pk).casusregisseur is None


def test_routing_rules_and_norms_are_managed_on_a_page(city, client, make_user):
    from goedwonen.accounts.models import Team
    from goedwonen.intake.models import Routeringsregel, Servicenorm
    from goedwonen.registry.models import Gebied

    team = Team.objects.create(naam="Team Carnisse")
    client.force_login(make_user([Capability.ROUTING_MANAGE, Capability.REPORTS_REGISTER]))
    bad = client.post(
        reverse("routering"), {"soort": "regel", "volgorde": "", "naam": "", "team": team.pk}
    )
    assert set(bad.context["rule_form"].errors) == {"volgorde", "naam"}
    carnisse = Gebied.objects.get(code="BU05991572")
    client.post(
        reverse("routering"),
        {
            "soort": "regel",
            "volgorde": "10",
            "naam": "Carnisse",
            "gebied": carnisse.pk,
            "team": team.pk,
            "actief": "on",
        },
    )
    assert Routeringsregel.objects.get().team == team
    client.post(
        reverse("routering"),
        {
            "soort": "norm",
            "categorie": "",
            "dagen_triage": "2",
            "dagen_afhandeling": "30",
            "reden": "Sneller triageren",
        },
    )
    assert (Servicenorm.objects.get(categorie="").dagen_triage, Servicenorm.objects.count()) == (
        2,
        4,
    )
    client.post(
        reverse("routering"),
        {"soort": "norm", "categorie": "leegstand", "dagen_triage": "9", "dagen_afhandeling": "90"},
    )
    assert Servicenorm.objects.get(categorie="leegstand").dagen_afhandeling == 90
    melding = _register(make_user([Capability.REPORTS_REGISTER]), categorie="leegstand")
    assert melding.team == team
    assert melding.triage_voor == timezone.localdate() + timedelta(days=9)


# Every page that shows reports logs them: address and description are personal data.


@pytest.mark.parametrize(
    ("queue", "operation"),
    [
        ("alle", "Werkvoorraad meldingen ingezien (alle open meldingen)"),
        ("centraal", "Werkvoorraad meldingen ingezien (centrale wachtrij (geen team))"),
    ],
)
def test_a_queue_page_logs_each_report_it_shows_in_one_insert(
    city, client, handler, queue, operation
):
    for _ in range(3):
        _register(handler)
    client.force_login(handler)
    mark = log_mark()

    with log_inserts() as inserts:
        response = client.get(reverse("meldingen"), {"wachtrij": queue})

    shown = [m.referentie or str(m.pk) for m in response.context["page"].object_list]
    assert shown
    assert logged_since(mark) == [
        (operation, "meldingen-behandeling", f"melding:{r}", subject("melder", r)) for r in shown
    ]
    assert inserts == [1]


def test_the_report_page_logs_the_report_and_its_related_reports_without_identity_right(
    city, client, make_user, handler
):
    melding = _register(handler, contact=Contact(naam="Anna Melder", telefoon="0612345678"))
    viewer = make_user([Capability.REPORTS_VIEW])
    client.force_login(viewer)
    mark = log_mark()

    response = client.get(reverse("melding", args=[melding.pk]))

    assert "Veel bedden" in response.content.decode()
    related = [*response.context["related"].object, *response.context["related"].eigenaar]
    assert related  # the imported reports on the same dwelling
    assert logged_since(mark) == [
        (
            "Melding ingezien",
            "meldingen-behandeling",
            f"melding:{melding.referentie}",
            subject("melder", melding.referentie),
        ),
        *(
            (
                "Gerelateerde meldingen getoond",
                "meldingen-behandeling",
                f"melding:{r.referentie or r.pk}",
                subject("melder", r.referentie or str(r.pk)),
            )
            for r in related
        ),
    ]
