"""A letter's sender is the municipality of GOEDWONEN_GEMEENTE (issue 12, point 19)."""

from __future__ import annotations

from pathlib import Path

import pytest

from django.test import override_settings

from goedwonen.casussen.models import Partij
from goedwonen.documenten.services import brief_generate

from .pdftext import pdf_text

pytestmark = pytest.mark.django_db


@override_settings(GEMEENTE="Utrecht")
def test_the_letterhead_names_the_municipality_of_the_setting(casus, regisseur):
    document = brief_generate(
        actor=regisseur,
        casus=casus,
        sjabloon="vooraankondiging_controle",
        partij=Partij.objects.get(casus=casus, eigenaar__eigenaar_id="E1"),
        alinea="De controle is op dinsdag 8 december om 10.00 uur.",
    )
    assert document.brief_gegevens["gemeente"] == "Gemeente Utrecht"
    text = " ".join(pdf_text(Path(document.bestand.path).read_bytes()).split())
    assert "Gemeente Utrecht" in text
    assert "Gemeente Rotterdam" not in text
