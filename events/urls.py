from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("past/", views.past_events, name="past"),
    path("mine/", views.my_events, name="mine"),
    path("new/", views.event_create, name="create"),
    path("suggest/", views.event_suggest, name="suggest"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<uuid:pk>/", views.event_detail, name="detail"),
    path("<uuid:pk>/edit/", views.event_edit, name="edit"),
    path("<uuid:pk>/delete/", views.event_delete, name="delete"),
    path("<uuid:pk>/suggest/", views.event_suggest_existing, name="suggest_existing"),
    path("<uuid:pk>/event.ics", views.event_ics, name="ics"),
    path("<uuid:pk>/attendance/", views.attendance_set, name="attendance_set"),
    path("attendance/<uuid:pk>/", views.attendance_edit, name="attendance_edit"),
    path("attendance/<uuid:pk>/remove/", views.attendance_remove, name="attendance_remove"),
    path("<uuid:pk>/met/", views.met_quick_add, name="met_quick_add"),
    path("<uuid:pk>/met/sync/", views.met_sync, name="met_sync"),
    path("<uuid:pk>/met/search/", views.met_search, name="met_search"),
    path("<uuid:pk>/met/existing/", views.met_existing, name="met_existing"),
    path("met/<uuid:pk>/remove/", views.met_remove, name="met_remove"),
]
