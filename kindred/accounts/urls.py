from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from kindred.accounts import sign_in, views
from kindred.accounts.forms import SetPasswordEmailForm

app_name = "accounts"

urlpatterns = [
    path("sign-in/", sign_in.SignInView.as_view(), name="login"),
    path("sign-in/code/", sign_in.second_factor, name="second_factor"),
    path("sign-in/passkey/options/", sign_in.passkey_options, name="passkey_sign_in_options"),
    path("sign-in/passkey/", sign_in.passkey_verify, name="passkey_sign_in"),
    path("security/", views.security, name="security"),
    path("language/", views.language, name="language"),
    path("security/passkeys/options/", views.passkey_options, name="passkey_options"),
    path("security/passkeys/", views.passkey_add, name="passkey_add"),
    path("security/passkeys/<id:passkey_id>/remove/", views.passkey_remove, name="passkey_remove"),
    path(
        "password/reset/",
        views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            form_class=SetPasswordEmailForm,
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("tokens/", views.tokens, name="tokens"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_download, name="my_data_download"),
    path("people/<id:person_id>/erase/", views.person_erase, name="person_erase"),
    path("tokens/<id:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
