"""One routing rule: change it or switch it off, with its history."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from goedwonen.core.forms import form_add_service_errors
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.parameters.selectors import inrichting_history

from .forms import RoutingRuleChangeForm
from .models import Routeringsregel
from .services import routing_rules


@requires(Capability.ROUTING_MANAGE, methods=["GET", "POST"])
def routeringsregel(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    try:
        regel = Routeringsregel.objects.select_related("gebied", "team").get(pk=pk)
    except Routeringsregel.DoesNotExist:
        raise Http404 from None
    form = RoutingRuleChangeForm(request.POST or None, instance=regel)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                routing_rules.routeringsregel_save(
                    actor=actor, regel=form.save(commit=False), reden=form.cleaned_data["reden"]
                )
            except ValidationError as error:
                form_add_service_errors(form, error)
            else:
                messages.success(
                    request, "Opgeslagen. Nieuwe meldingen volgen de gewijzigde regel."
                )
                return redirect("routeringsregel", pk=pk)
        status = 400
    return render(
        request,
        "intake/routeringsregel.html",
        {
            "regel": Routeringsregel.objects.get(pk=pk),
            "form": form,
            "wijzigingen": inrichting_history(
                actor=actor, onderwerpen=["routeringsregel"], sleutel=str(pk)
            ),
        },
        status=status,
    )
