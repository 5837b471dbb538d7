"""User management by admins (namespace "accounts")."""

from django.urls import path

from sentra.staff import views

urlpatterns = [
    path("pengguna/", views.user_list, name="user_list"),
    path("pengguna/baru/", views.user_create_view, name="user_create"),
    path("pengguna/<int:pk>/ubah/", views.user_edit_view, name="user_edit"),
    path("pengguna/<int:pk>/sandi/", views.user_password_view, name="user_password"),
    path("pengguna/<int:pk>/buka-kunci/", views.user_unlock_view, name="user_unlock"),
]
