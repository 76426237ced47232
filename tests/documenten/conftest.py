"""A case on Carnisselaan 10 (owner E1, "Jansen, J.") directed by Stadsontwikkeling, and the
files a user could upload. Fixture lines as in tests/casussen/conftest.py."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from goedwonen.casussen.services.cases import casus_create
from goedwonen.casussen.services.sharing import casus_share
from goedwonen.core.policy import Capability
from goedwonen.intake.services.registration import melding_register
from goedwonen.intake.services.triage import melding_triage
from goedwonen.registry.address_lookup import OpgegevenAdres
from goedwonen.registry.importer.run import import_folder
from tests.crafted_files import plain_pdf

DIRECTOR = [
    Capability.CASES_VIEW,
    Capability.CASES_DIRECT,
    Capability.TASKS_WORK,
    Capability.REPORTS_REGISTER,
    Capability.REPORTS_TRIAGE,
    Capability.REPORTS_VIEW,
]
PARTNER = [Capability.CASES_VIEW, Capability.TASKS_WORK]
CARNISSE_10 = OpgegevenAdres(postcode="3083AB", huisnummer="10")
# A one-page PDF, as the upload check reads and rewrites it.
PDF = plain_pdf()


@pytest.fixture
def city(source_folder):
    import_folder(actor=None, folder=source_folder, progress=False)


@pytest.fixture
def regisseur(make_user):
    return make_user(DIRECTOR, username="regisseur")


@pytest.fixture
def politie(make_user, partner_organisatie):
    return make_user(PARTNER, username="wijkagent", organisatie_=partner_organisatie)


@pytest.fixture
def casus(city, regisseur):
    melding = melding_register(
        actor=regisseur,
        bron="telefoon",
        categorie="overbewoning",
        omschrijving="Tien matrassen op zolder",
        adres=CARNISSE_10,
        melder_soort="bewoner",
    ).melding
    melding = melding_triage(
        actor=regisseur,
        melding=melding,
        uitkomst="multi",
        reden="Overbewoning en mogelijk uitbuiting",
        casusregisseur=regisseur,
    )
    return casus_create(
        actor=regisseur,
        titel="Carnisse 10: overbewoning",
        categorieen=["overbewoning"],
        casusregisseur=regisseur,
        meldingen=[melding],
    )


@pytest.fixture
def share(regisseur, partner_organisatie):
    """Share the case with the police with the given parts."""

    def share(casus, *onderdelen: str):
        return casus_share(
            actor=regisseur,
            casus=casus,
            organisatie=partner_organisatie,
            rol="wijkagent",
            doel="Controle op bewoning",
            grondslag="Wpg art. 16",
            onderdelen=list(onderdelen),
            tot=timezone.localdate() + timedelta(days=30),
        )

    return share


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def jpeg_with_location() -> bytes:
    """A photo with EXIF metadata (camera make and a GPS block), as phones write them."""
    from PIL import Image

    image = Image.new("RGB", (8, 8), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    exif[0x8825] = {1: "N", 2: (51.0, 53.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()
