from django.shortcuts import render


def mentorship_list(request):
    return render(request, "mentorship/mentorship_list.html")
