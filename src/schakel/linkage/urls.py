from django.urls import path

from . import views, views_exchange

app_name = "linkage"

urlpatterns = [
    path("", views.match_list, name="list"),
    path("regio/", views.regional_picture, name="region"),
    path("<int:pk>/", views.match_detail, name="detail"),
    path("<int:pk>/beoordelen", views.match_verdict, name="verdict"),
    path("<int:pk>/contact", views.contact_request, name="contact"),
    path("verzoeken/<int:pk>/beantwoorden", views.contact_answer, name="answer"),
    path("uitwisseling/", views_exchange.exchange_endpoint, name="exchange"),
]
