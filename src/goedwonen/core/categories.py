"""Problem categories: the codes used in every source file and in the application."""

from __future__ import annotations

from django.db import models


class Categorie(models.TextChoices):
    OVERBEWONING = "overbewoning", "Overbewoning"
    KAMERVERHUUR = "kamerverhuur", "Illegale kamerverhuur"
    TE_HOGE_HUUR = "te_hoge_huur", "Te hoge huur"
    NIET_INGESCHREVEN = "niet_ingeschreven", "Niet ingeschreven bewoners (BRP)"
    ACHTERSTALLIG_ONDERHOUD = "achterstallig_onderhoud", "Slechte staat / achterstallig onderhoud"
    HUURCONTRACT_WERK = "huurcontract_werk", "Huurcontract gekoppeld aan werk"
    VERHUUR_ZONDER_VERGUNNING = "verhuur_zonder_vergunning", "Verhuur zonder vergunning"
    WGV_OVERIG = "wgv_overig", "Overige overtreding Wet goed verhuurderschap"
    WOONOVERLAST = "woonoverlast", "Woonoverlast"
    WOONFRAUDE = "woonfraude", "Woonfraude"
    CRIMINEEL_GEBRUIK = "crimineel_gebruik", "Crimineel gebruik (drugs, hennep)"
    LEEGSTAND = "leegstand", "Leegstand"
    ONDERMIJNING = "ondermijning", "Signaal: ondermijning"
    ZORG = "zorg", "Signaal: zorg"
    SOCIALE_PROBLEMATIEK = "sociale_problematiek", "Signaal: sociale problematiek"
    MISBRUIK_VOORZIENINGEN = "misbruik_voorzieningen", "Signaal: misbruik voorzieningen"
    UITBUITING = "uitbuiting", "Signaal: uitbuiting"


SIGNAL_ONLY = frozenset(
    {
        Categorie.ONDERMIJNING,
        Categorie.ZORG,
        Categorie.SOCIALE_PROBLEMATIEK,
        Categorie.MISBRUIK_VOORZIENINGEN,
        Categorie.UITBUITING,
    }
)
