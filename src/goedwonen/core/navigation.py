"""The main navigation: each item shows only to those who hold its capability."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .policy import Capability, capabilities_of


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    capability: Capability | None = None
    # A second capability that also shows the item (held either one).
    or_capability: Capability | None = None


NAVIGATION = [
    NavItem("Overzicht", "home"),
    NavItem("Meldingen", "meldingen", Capability.REPORTS_TRIAGE),
    NavItem("Melding registreren", "melding-registreren", Capability.REPORTS_REGISTER),
    NavItem("Casussen", "casussen", Capability.CASES_VIEW),
    NavItem("Taken", "taken", Capability.TASKS_WORK),
    NavItem("Juridische werkvoorraad", "handhaving-werkvoorraad", Capability.ENFORCEMENT_WORK),
    NavItem("Adressen", "adres-zoeken", Capability.REGISTRY_VIEW),
    NavItem("Kaart", "kaart", Capability.REGISTRY_VIEW),
    NavItem("Analyse", "analyse", Capability.ANALYSIS_VIEW),
    NavItem("Handhavingsinstrumenten", "handhaving-catalogus", Capability.ENFORCEMENT_WORK),
    NavItem("Verhuurders", "verhuurders-monitoring", Capability.LANDLORDS_MONITOR),
    NavItem(
        "Casustafels",
        "casustafels",
        Capability.CASETABLE_TAKE_PART,
        or_capability=Capability.CASETABLES_MANAGE,
    ),
    NavItem("Integrale acties", "acties", Capability.ACTIONS_TAKE_PART),
    NavItem("Sturing", "sturing", Capability.STEERING_VIEW),
    NavItem("Koppelwachtrij", "koppelwachtrij", Capability.REPORTS_MATCH),
    NavItem("Verwerkingslogboek", "privacy-log", Capability.LOG_SEARCH),
    NavItem("Verwerkingsregister", "privacy-register", Capability.REGISTER_VIEW),
    NavItem("Toegangsbeoordeling", "toegangsbeoordeling", Capability.ACCESS_REVIEW),
    NavItem("Organisaties en gebruikers", "accounts-overview", Capability.ACCOUNTS_VIEW),
    NavItem("Leveringen", "leveringen", Capability.DELIVERIES_VIEW),
    NavItem("Routering", "routering", Capability.ROUTING_MANAGE),
    NavItem("Toetsparameters", "parameters", Capability.ROUTING_MANAGE),
]


def navigation_for(user: object, current_path: str) -> list[dict[str, object]]:
    held = capabilities_of(user)  # type: ignore[arg-type]
    items = [
        {"label": item.label, "url": reverse(item.url_name), "current": False}
        for item in NAVIGATION
        if item.capability is None or item.capability in held or item.or_capability in held
    ]
    # The current item is the longest menu path the page lies under ("/" only for itself).
    under = [
        i
        for i in items
        if current_path == i["url"] or (i["url"] != "/" and current_path.startswith(f"{i['url']}/"))
    ]
    if under:
        max(under, key=lambda i: len(str(i["url"])))["current"] = True
    return items
