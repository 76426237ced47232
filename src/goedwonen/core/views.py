from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render

from . import selectors, services
from .forms import LoginForm, LogSearchForm
from .policy import Capability, actor_of, capabilities_of, public_view, requires, signed_in_view

LOG_PAGE_SIZE = 50


@signed_in_view
def home(request: HttpRequest) -> HttpResponse:
    user = actor_of(request)
    return render(
        request,
        "core/home.html",
        {
            "rollen": user.rollen.all(),
            "capabilities": sorted(capabilities_of(user), key=lambda c: c.label),
        },
    )


@public_view
def health(request: HttpRequest) -> JsonResponse:
    """For the load balancer: the database answers. Says nothing about the data."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


login = public_view(methods=["GET", "POST"])(
    auth_views.LoginView.as_view(
        template_name="registration/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)
logout = public_view(methods=["POST"])(auth_views.LogoutView.as_view())


@requires(Capability.LOG_SEARCH)
def privacy_log(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = LogSearchForm(
        request.GET or None,
        subject_types=selectors.data_subject_types(actor=actor),
    )
    page = None
    if form.is_bound and form.is_valid():
        lines = selectors.processing_log_search(actor=actor, filters=form.filters())
        page = Paginator(lines, LOG_PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "privacy/log.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "check": selectors.chain_check_latest(actor=actor),
        },
    )


@requires(Capability.LOG_SEARCH, methods=["POST"])
def privacy_log_verify(request: HttpRequest) -> HttpResponse:
    check = services.chain_check_run(actor=actor_of(request))
    if check.intact:
        messages.success(request, check.bevinding)
    else:
        messages.error(request, check.bevinding)
    return redirect("privacy-log")


@requires(Capability.REGISTER_VIEW)
def privacy_register(request: HttpRequest) -> HttpResponse:
    activities = selectors.verwerkingsactiviteit_list(actor=actor_of(request))
    return render(request, "privacy/register.html", {"activities": activities})
