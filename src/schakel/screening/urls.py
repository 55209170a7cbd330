from django.urls import path

from . import views_items, views_meetings

app_name = "screening"

urlpatterns = [
    path("", views_meetings.calendar, name="calendar"),
    path("instellingen", views_meetings.series_settings, name="series"),
    path("spoedoverleg", views_meetings.extra_meeting, name="extra"),
    path("<int:pk>/", views_meetings.meeting, name="meeting"),
    path("<int:pk>/opbouwen", views_meetings.build, name="build"),
    path("<int:pk>/versturen", views_meetings.send, name="send"),
    path("<int:pk>/vervallen", views_meetings.cancel, name="cancel"),
    path("<int:pk>/aanwezig", views_meetings.attendance, name="attendance"),
    path("<int:pk>/afsluiten", views_meetings.close, name="close"),
    path("<int:pk>/volgorde", views_items.order, name="order"),
    path("<int:pk>/notulen", views_meetings.minutes, name="minutes"),
    path("<int:pk>/notulen.pdf", views_meetings.minutes_pdf, name="minutes-pdf"),
    path("aanmelden/<str:reference>", views_items.put_forward, name="put-forward"),
    path("punt/<int:pk>/", views_items.item, name="item"),
    path("punt/<int:pk>/besluit", views_items.decide, name="decide"),
    path("punt/<int:pk>/bewerken", views_items.edit, name="edit-item"),
    path("punt/<int:pk>/doorschuiven", views_items.move_to_next, name="move-next"),
    path("punt/<int:pk>/terugtrekken", views_items.withdraw, name="withdraw"),
]
