"""Downloads of steering figures: the dashboard's figures (CSV, XLSX) and the pseudonymised
analysis file for partners (a form, then the file)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from goedwonen.core.forms import DateInput, NLDesignFormMixin
from goedwonen.core.policy import Capability, actor_of, requires
from goedwonen.registry.models import Gebied, Gebiedssoort

from .dashboard import Filter, peildatum_van
from .export import Download, GeenStand, analyse_export, sturing_export
from .forms_doelen import dashboard_areas

EARLIEST_YEAR = 2000


def _download(download: Download) -> HttpResponse:
    response = HttpResponse(download.inhoud, content_type=download.content_type)
    response["Content-Disposition"] = f'attachment; filename="{download.bestandsnaam}"'
    return response


def _areas() -> QuerySet[Gebied]:
    """The gemeente, its wijken and the focus buurten: the areas the approach reports on."""
    return Gebied.objects.filter(~Q(soort=Gebiedssoort.BUURT) | Q(focusgebied=True)).order_by(
        "soort", "naam"
    )


class ExportForm(forms.Form):
    formaat = forms.ChoiceField(
        choices=[("csv", "CSV"), ("xlsx", "XLSX")],
        error_messages={
            "required": "Kies het formaat: csv of xlsx.",
            "invalid_choice": "Kies het formaat: csv of xlsx.",
        },
    )
    jaar = forms.IntegerField(
        required=False,
        error_messages={"invalid": "Geef het jaar als getal van vier cijfers, bijvoorbeeld 2026."},
    )
    gebied = forms.ModelChoiceField(
        queryset=Gebied.objects.none(),
        to_field_name="code",
        required=False,
        error_messages={
            "invalid_choice": "Onbekend gebied: geef de code van een gebied dat het dashboard "
            "toont (een focusgebied, een wijk of de gemeente)."
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The areas of the dashboard, whose stands these files write.
        codes = [code for code, _ in dashboard_areas() if code]
        self.fields["gebied"].queryset = Gebied.objects.filter(code__in=codes)  # type: ignore[attr-defined]

    def clean_jaar(self) -> int:
        jaar = self.cleaned_data["jaar"] or timezone.localdate().year
        if not EARLIEST_YEAR <= jaar <= timezone.localdate().year:
            raise forms.ValidationError(
                f"Kies een jaar van {EARLIEST_YEAR} tot en met {timezone.localdate().year}."
            )
        return jaar


@requires(Capability.STEERING_VIEW)
def export(request: HttpRequest) -> HttpResponse:
    form = ExportForm(request.GET)
    if not form.is_valid():
        detail = " ".join(
            f"{name}: {error}" for name, errors in form.errors.items() for error in errors
        )
        return render(request, "400.html", {"detail": detail}, status=400)
    jaar, gebied = form.cleaned_data["jaar"], form.cleaned_data["gebied"]
    filter_ = Filter(jaar=jaar, gebied=gebied, peildatum=peildatum_van(jaar, timezone.localdate()))
    try:
        download = sturing_export(
            actor=actor_of(request), filter_=filter_, formaat=form.cleaned_data["formaat"]
        )
    except GeenStand:
        messages.info(
            request,
            "De cijfers worden nog berekend. Download ze zodra ze op deze pagina staan.",
        )
        query = urlencode({"jaar": jaar, **({"gebied": gebied.code} if gebied else {})})
        return redirect(f"{reverse('sturing')}?{query}")
    return _download(download)


class AnalyseExportForm(NLDesignFormMixin, forms.Form):
    van = forms.DateField(
        label="Van",
        widget=DateInput(),
        error_messages={
            "required": "Geef de eerste dag van de periode.",
            "invalid": "Geef een datum als dd-mm-jjjj.",
        },
    )
    tot = forms.DateField(
        label="Tot en met",
        widget=DateInput(),
        error_messages={
            "required": "Geef de laatste dag van de periode.",
            "invalid": "Geef een datum als dd-mm-jjjj.",
        },
    )
    gebied = forms.ModelChoiceField(
        queryset=Gebied.objects.none(),
        to_field_name="code",
        required=False,
        empty_label="Alle gebieden",
        label="Gebied",
        error_messages={"invalid_choice": "Kies een gebied uit de lijst."},
    )
    doel = forms.CharField(
        label="Doel van de analyse",
        max_length=100,
        help_text=(
            "Waarvoor de partner het bestand gebruikt, bijvoorbeeld 'Trendanalyse overbewoning "
            "GGD'. Bestanden met hetzelfde doel gebruiken dezelfde pseudoniemen (ook over "
            "jaren); een ander doel geeft andere pseudoniemen."
        ),
        error_messages={
            "required": "Geef het doel van de analyse.",
            "max_length": "Het doel is te lang: ten hoogste 100 tekens.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gebied"].queryset = _areas()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        van, tot = data.get("van"), data.get("tot")
        if van and tot and tot < van:
            self.add_error("tot", "De laatste dag ligt voor de eerste: kies een latere datum.")
        elif van and tot and tot > timezone.localdate():
            self.add_error("tot", "De periode loopt tot in de toekomst: kies uiterlijk vandaag.")
        return data


@requires(Capability.ANALYSIS_EXPORT, methods=("GET", "POST"))
def analyse(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = AnalyseExportForm(request.POST)
        if form.is_valid():
            return _download(analyse_export(actor=actor_of(request), **form.cleaned_data))
    else:
        form = AnalyseExportForm()
    return render(
        request,
        "rapportage/analyse_export.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )
