from django.urls import path, re_path

from kindred.identity import scim_views, views

app_name = "identity"

urlpatterns = [
    path("sso/<slug:slug>/start/", views.start, name="start"),
    path("sso/<slug:slug>/callback/", views.callback, name="callback"),
    path("sso/<slug:slug>/metadata/", views.saml_metadata, name="saml_metadata"),
    path("accounts/sign-out/", views.sign_out, name="sign_out"),
    path("scim/v2/Users", scim_views.users, name="scim_users"),
    path("scim/v2/Users/.search", scim_views.search, name="scim_search"),
    path("scim/v2/.search", scim_views.search_all, name="scim_search_all"),
    path("scim/v2/Users/<str:scim_id>", scim_views.user, name="scim_user"),
    path("scim/v2/Groups", scim_views.groups, name="scim_groups"),
    path("scim/v2/Groups/.search", scim_views.search_groups, name="scim_search_groups"),
    path("scim/v2/Groups/<str:scim_id>", scim_views.group, name="scim_group"),
    path(
        "scim/v2/ServiceProviderConfig",
        scim_views.service_provider_config,
        name="scim_service_provider_config",
    ),
    path("scim/v2/ResourceTypes", scim_views.resource_types, name="scim_resource_types"),
    path("scim/v2/ResourceTypes/<str:name>", scim_views.resource_types, name="scim_resource_type"),
    path("scim/v2/Schemas", scim_views.schemas, name="scim_schemas"),
    path("scim/v2/Schemas/<str:name>", scim_views.schemas, name="scim_schema"),
    re_path(r"^scim/v2/(?P<rest>.*)$", scim_views.nothing_here, name="scim_nothing_here"),
    path("identity/providers/", views.providers, name="providers"),
    path("identity/provisioning/", views.scim_tokens, name="scim_tokens"),
    path(
        "identity/provisioning/tokens/<id:token_id>/revoke/",
        views.scim_token_revoke,
        name="scim_token_revoke",
    ),
    path("identity/provisioning/groups/<id:group_id>/", views.scim_group, name="scim_group_map"),
    path("identity/roster/", views.roster, name="roster"),
    path("identity/roster/settings/", views.roster_settings, name="roster_settings"),
    path("identity/roster/run/", views.roster_run, name="roster_run"),
    path("identity/roster/uploads/<id:upload_id>/", views.roster_preview, name="roster_preview"),
    path("identity/providers/new/", views.provider_edit, name="provider_new"),
    path("identity/providers/<id:provider_id>/", views.provider_edit, name="provider"),
    path(
        "identity/providers/<id:provider_id>/delete/",
        views.provider_delete,
        name="provider_delete",
    ),
]
