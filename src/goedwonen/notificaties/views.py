"""A person's own notices and e-mail preferences: any signed-in person, their own only."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from goedwonen.core.lists import BegrensdePaginator
from goedwonen.core.policy import actor_of, signed_in_view

from . import selectors, services
from .models import Notificatie

PAGE_SIZE = 30


@signed_in_view
def notificaties(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    notes = selectors.notificatie_list(actor=actor)
    page = BegrensdePaginator(notes, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "notificaties/lijst.html",
        {"page": page, "query": "", "ongelezen": selectors.unread_count(actor=actor)},
    )


@signed_in_view(methods=["POST"])
def notificatie_gelezen(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read; with `openen`, go on to what it is about."""
    try:
        notificatie = services.notificatie_mark_read(actor=actor_of(request), pk=pk)
    except Notificatie.DoesNotExist:
        # Another's notice, or one gone: the same answer, naming neither.
        messages.error(request, "Deze notificatie bestaat niet of is niet voor u.")
        return redirect("notificaties")
    if request.POST.get("openen") and url_has_allowed_host_and_scheme(
        notificatie.link, allowed_hosts=None
    ):
        return redirect(notificatie.link)
    return redirect("notificaties")


@signed_in_view(methods=["POST"])
def notificaties_alles_gelezen(request: HttpRequest) -> HttpResponse:
    count = services.notificaties_mark_all_read(actor=actor_of(request))
    messages.success(
        request,
        f"{count} notificatie{'' if count == 1 else 's'} als gelezen gemarkeerd."
        if count
        else "U had geen ongelezen notificaties.",
    )
    return redirect("notificaties")


@signed_in_view(methods=["GET", "POST"])
def notificatie_voorkeuren(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    if request.method == "POST":
        chosen = set(request.POST.getlist("per_mail"))
        services.voorkeuren_save(
            actor=actor,
            per_mail={v.soort: v.soort in chosen for v in selectors.voorkeuren(actor=actor)},
        )
        messages.success(request, "Uw keuze is bewaard.")
        return redirect("notificatie-voorkeuren")
    return render(
        request,
        "notificaties/voorkeuren.html",
        {"voorkeuren": selectors.voorkeuren(actor=actor)},
    )
