from django.core.paginator import Paginator
from django.shortcuts import render

from core.tenancy import owned_or_404

from .models import Contact


def contact_list(request):
    contacts = Contact.objects.for_user(request.user).alive()
    page = Paginator(contacts, 50).get_page(request.GET.get("page"))
    return render(request, "contacts/contact_list.html", {"page": page})


def contact_detail(request, pk):
    contact = owned_or_404(Contact, request.user, pk=pk, deleted_at__isnull=True)
    return render(request, "contacts/contact_detail.html", {"contact": contact})
