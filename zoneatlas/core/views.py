from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The landing page: what ZoneAtlas is and where to go from here."""
    return render(request, "home.html")
