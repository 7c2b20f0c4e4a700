from django.urls import path

from kindred.identity import views

app_name = "identity"

urlpatterns = [
    path("sso/<slug:slug>/start/", views.start, name="start"),
    path("sso/<slug:slug>/callback/", views.callback, name="callback"),
    path("sso/<slug:slug>/metadata/", views.saml_metadata, name="saml_metadata"),
    path("accounts/sign-out/", views.sign_out, name="sign_out"),
    path("identity/providers/", views.providers, name="providers"),
    path("identity/providers/new/", views.provider_edit, name="provider_new"),
    path("identity/providers/<id:provider_id>/", views.provider_edit, name="provider"),
    path(
        "identity/providers/<id:provider_id>/delete/",
        views.provider_delete,
        name="provider_delete",
    ),
]
