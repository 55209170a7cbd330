"""User administration routes; included under /beheer/ in the "administration" namespace."""

from django.urls import path

from . import administration as views

urlpatterns = [
    path("", views.index, name="index"),
    path("gebruikers", views.user_list, name="user_list"),
    path("gebruikers/nieuw", views.user_create, name="user_create"),
    path("gebruikers/<int:pk>", views.user_detail, name="user_detail"),
    path("gebruikers/<int:pk>/rollen/nieuw", views.membership_create, name="membership_create"),
    path("gebruikers/<int:pk>/rollen/<int:membership_pk>", views.membership_edit, name="membership_edit"),
    path("gebruikers/<int:pk>/deactiveren", views.user_deactivate, name="user_deactivate"),
    path("gebruikers/<int:pk>/activeren", views.user_reactivate, name="user_reactivate"),
    path("gebruikers/<int:pk>/wachtwoordlink", views.user_password_link, name="user_password_link"),
    path("gebruikers/<int:pk>/tweestapsverificatie", views.user_reset_second_factor, name="user_reset_second_factor"),
    path("gebruikers/<int:pk>/api-sleutel", views.user_token_issue, name="user_token_issue"),
    path("gebruikers/<int:pk>/api-sleutel/intrekken", views.user_token_revoke, name="user_token_revoke"),
    path("rechten", views.permission_overview, name="permission_overview"),
    path("goedkeuringen", views.membership_request_list, name="membership_request_list"),
    path("goedkeuringen/<int:request_pk>/goedkeuren", views.membership_request_approve,
         name="membership_request_approve"),
    path("goedkeuringen/<int:request_pk>/afwijzen", views.membership_request_refuse,
         name="membership_request_refuse"),
]
