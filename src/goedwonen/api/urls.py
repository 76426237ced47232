from django.urls import include, path
from drf_spectacular.views import SpectacularJSONAPIView

from goedwonen.casussen import api as casus_api
from goedwonen.casustafels import api as casustafels_api
from goedwonen.intake import api as intake_api
from goedwonen.verhuurders import api as verhuurders_api

from . import views


class PublicSchemaView(SpectacularJSONAPIView):
    """The contract is public: partners need it before they hold a token."""

    public = True
    authentication_classes = []


urlpatterns = [
    path("openapi.json", PublicSchemaView.as_view(), name="api-schema"),
    path("mij", views.MijView.as_view(), name="api-mij"),
    path("organisaties", views.OrganisatieList.as_view(), name="api-organisaties"),
    path(
        "verwerkingsactiviteiten",
        views.VerwerkingsactiviteitList.as_view(),
        name="api-verwerkingsactiviteiten",
    ),
    path(
        "verwerkingsactiviteiten/<slug:code>",
        views.VerwerkingsactiviteitDetail.as_view(),
        name="api-verwerkingsactiviteit",
    ),
    path("meldingen", intake_api.MeldingCollection.as_view(), name="api-meldingen"),
    path("meldingen/<str:referentie>", intake_api.MeldingDetail.as_view(), name="api-melding"),
    path("casussen", casus_api.CasusCollection.as_view(), name="api-casussen"),
    path("casussen/<str:referentie>", casus_api.CasusDetail.as_view(), name="api-casus"),
    path(
        "verhuurders/signalen",
        verhuurders_api.SignaalCollection.as_view(),
        name="api-verhuurders-signalen",
    ),
    path(
        "casustafels/vergaderingen/<int:pk>/agenda",
        casustafels_api.AgendaList.as_view(),
        name="api-casustafel-agenda",
    ),
    path("", include("goedwonen.handhaving.traject_api")),
]
