"""The report pages (issue 17, points 4 and 5): choose a kind, year and area; open the report
as HTML or download its PDF (each logged); write its narrative. Bad input gets a Dutch
message, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from goedwonen.core.forms import NLDesignFormMixin
from goedwonen.core.models import Verwerkingsactiviteitcode
from goedwonen.core.policy import Capability, actor_of, can, requires
from goedwonen.core.processing_log import processing_log_record
from goedwonen.documenten.pdf import PdfNietBeschikbaar, html_to_pdf
from goedwonen.registry.models import Gebied, Gebiedssoort

from .models import Rapportvaststelling
from .rapporten import SOORTEN, Rapportfout, controleer, rapport_html
from .rapporten import rapport as rapport_maken
from .toelichting import toelichting_opslaan, toelichting_versies
from .vaststelling import rapport_vaststellen, vaststelling_pdf, vaststellingen

SOORTVOLGORDE: dict[str, int] = {
    Gebiedssoort.GEMEENTE: 0,
    Gebiedssoort.WIJK: 1,
    Gebiedssoort.BUURT: 2,
}


def _gebieden() -> list[tuple[str, str]]:
    areas = sorted(
        Gebied.objects.values_list("code", "naam", "soort"),
        key=lambda a: (SOORTVOLGORDE.get(a[2], 3), a[1]),
    )
    labels = dict(Gebiedssoort.choices)
    return [("", "De hele aanpak")] + [
        (code, f"{naam} ({str(labels.get(soort, soort)).lower()})") for code, naam, soort in areas
    ]


class RapportKeuze(NLDesignFormMixin, forms.Form):
    soort = forms.ChoiceField(label="Soort rapport")
    jaar = forms.IntegerField(label="Jaar", min_value=1900, max_value=9999)
    gebied = forms.ChoiceField(label="Gebied", required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["soort"].choices = [  # type: ignore[attr-defined]
            (s.code, s.naam) for s in SOORTEN.values()
        ]
        self.fields["gebied"].choices = _gebieden()  # type: ignore[attr-defined]
        self.fields["jaar"].widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        try:
            controleer(data["soort"], data["jaar"], data.get("gebied") or None)
        except Rapportfout as error:
            raise ValidationError({"jaar": str(error)}) from error
        return data


def _query(gebied: str | None) -> str:
    return f"?{urlencode({'gebied': gebied})}" if gebied else ""


@requires(Capability.STEERING_VIEW)
def rapporten(request: HttpRequest) -> HttpResponse:
    """The form: kind, year, area; a button for the page and one for the PDF."""
    if "soort" in request.GET:
        form = RapportKeuze(request.GET)
        if form.is_valid():
            data = form.cleaned_data
            name = (
                "sturing-rapport-pdf" if request.GET.get("formaat") == "pdf" else "sturing-rapport"
            )
            url = reverse(name, args=[data["soort"], data["jaar"]])
            return redirect(url + _query(data["gebied"] or None))
    else:
        form = RapportKeuze(initial={"soort": "signalering", "jaar": timezone.localdate().year - 1})
    return render(
        request,
        "rapportage/rapporten.html",
        {
            "form": form,
            "soorten": SOORTEN.values(),
            "mag_toelichten": can(actor_of(request), Capability.ACCOUNT_REPORTS),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def _fout(request: HttpRequest, error: Rapportfout) -> HttpResponse:
    return render(request, "rapportage/rapporten_fout.html", {"fout": str(error)}, status=400)


def _log(request: HttpRequest, soort: str, jaar: int, gebied: str | None, wat: str) -> None:
    processing_log_record(
        actor=actor_of(request),
        operation=f"{SOORTEN[soort].naam} {jaar} ({gebied or 'hele aanpak'}) {wat}",
        activity=Verwerkingsactiviteitcode.STURING,
        object_ref=f"sturing:rapport:{soort}:{jaar}",
    )


@requires(Capability.STEERING_VIEW)
def rapport(request: HttpRequest, soort: str, jaar: int) -> HttpResponse:
    gebied = request.GET.get("gebied") or None
    try:
        gemaakt = rapport_maken(soort=soort, jaar=jaar, gebied=gebied)
    except Rapportfout as error:
        return _fout(request, error)
    with transaction.atomic():
        _log(request, soort, jaar, gebied, "geopend")
        html = rapport_html(
            soort,
            rapport=gemaakt,
            web=True,
            mag_toelichten=can(actor_of(request), Capability.ACCOUNT_REPORTS),
            csrf_token=get_token(request),
            vaststellingen=list(
                vaststellingen(
                    actor=actor_of(request), soort=soort, jaar=jaar, gebiedcode=gebied or ""
                )
            ),
        )
    return HttpResponse(html)


@requires(Capability.ACCOUNT_REPORTS, methods=["POST"])
def rapport_vaststellen_view(request: HttpRequest, soort: str, jaar: int) -> HttpResponse:
    """Establish the report as it stands as the published edition (its PDF kept)."""
    gebied = request.GET.get("gebied") or None
    try:
        rapport_vaststellen(actor=actor_of(request), soort=soort, jaar=jaar, gebied=gebied)
    except Rapportfout as error:
        return _fout(request, error)
    except PdfNietBeschikbaar as error:
        return _fout(request, Rapportfout(str(error)))
    return redirect(reverse("sturing-rapport", args=[soort, jaar]) + _query(gebied))


@requires(Capability.STEERING_VIEW)
def vastgesteld_pdf(request: HttpRequest, pk: int) -> FileResponse:
    """A published edition's PDF, exactly as it went out."""
    try:
        row = vaststelling_pdf(actor=actor_of(request), pk=pk)
    except Rapportvaststelling.DoesNotExist:
        raise Http404 from None
    name = f"{row.soort}-{row.jaar}" + (f"-{row.gebiedcode}" if row.gebiedcode else "")
    return FileResponse(row.pdf.open("rb"), as_attachment=True, filename=f"{name}-vastgesteld.pdf")


@requires(Capability.STEERING_VIEW)
def rapport_pdf(request: HttpRequest, soort: str, jaar: int) -> HttpResponse:
    gebied = request.GET.get("gebied") or None
    try:
        gemaakt = rapport_maken(soort=soort, jaar=jaar, gebied=gebied)
    except Rapportfout as error:
        return _fout(request, error)
    try:
        pdf = html_to_pdf(rapport_html(soort, rapport=gemaakt, pdf=True))
    except PdfNietBeschikbaar as error:
        return _fout(request, Rapportfout(str(error)))
    _log(request, soort, jaar, gebied, "als PDF gedownload")
    name = f"{soort}-{jaar}" + (f"-{gebied}" if gebied else "") + ".pdf"
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


class ToelichtingForm(NLDesignFormMixin, forms.Form):
    def __init__(self, *args: Any, secties: tuple[tuple[str, str], ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, titel in secties:
            self.fields[key] = forms.CharField(
                label=titel,
                required=False,
                widget=forms.Textarea(attrs={"rows": 6}),
            )


@requires(Capability.ACCOUNT_REPORTS, methods=["GET", "POST"])
def toelichting(request: HttpRequest, soort: str, jaar: int) -> HttpResponse:
    """The narrative sections of a report; saving makes a new version."""
    gebied = request.GET.get("gebied") or None
    try:
        kind, area = controleer(soort, jaar, gebied)
    except Rapportfout as error:
        return _fout(request, error)
    actor = actor_of(request)
    versies = list(
        toelichting_versies(actor=actor, soort=soort, jaar=jaar, gebiedcode=gebied or "")
    )
    latest = versies[0].secties if versies else {}
    if request.method == "POST":
        form = ToelichtingForm(request.POST, secties=kind.secties)
        if form.is_valid():
            try:
                toelichting_opslaan(
                    actor=actor,
                    soort=soort,
                    jaar=jaar,
                    gebiedcode=gebied or "",
                    secties=form.cleaned_data,
                )
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    for message in messages:
                        form.add_error(field if field in form.fields else None, message)
            else:
                return redirect(reverse("sturing-toelichting", args=[soort, jaar]) + _query(gebied))
    else:
        form = ToelichtingForm(initial=latest, secties=kind.secties)
    return render(
        request,
        "rapportage/rapporten_toelichting.html",
        {
            "form": form,
            "soort": kind,
            "jaar": jaar,
            "gebied": area,
            "versies": versies,
            "query": _query(gebied),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
