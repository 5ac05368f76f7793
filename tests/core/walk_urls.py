"""The project's URLs with a plain "not found" response, for the tenancy walk
(tests/core/test_tenancy.py): it asks for thousands of pages that must be 404 and checks only the
status, so drawing the styled 404 page (half of each request's time) proved nothing more.
test_an_outsider_is_shown_the_styled_not_found_page checks the styled page."""

from django.http import HttpResponseNotFound

from netmed.urls import handler500, urlpatterns  # noqa: F401 - the project's, unchanged


def plain_not_found(request, exception):
    return HttpResponseNotFound("Not found")


handler404 = plain_not_found
