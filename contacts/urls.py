from django.urls import path

from . import views

app_name = "contacts"
urlpatterns = [
    path("", views.contact_list, name="list"),
    path("new/", views.contact_create, name="create"),
    path("similar/", views.contact_similar, name="similar"),
    path("pick/", views.contact_pick, name="pick"),
    path("pick/new/", views.contact_pick_add, name="pick_add"),
    path("form/rows/<str:kind>/", views.contact_form_row, name="form_row"),
    path("form/fields-of-practice/", views.contact_form_specialty_fields, name="form_fields"),
    path("bulk/", views.contact_bulk, name="bulk"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("trash/", views.trash_list, name="trash"),
    path("trash/restore/", views.trash_restore, name="trash_restore"),
    path("trash/delete/", views.trash_delete_forever, name="trash_delete"),
    path("<uuid:pk>/", views.contact_detail, name="detail"),
    path("<uuid:pk>/edit/", views.contact_edit, name="edit"),
    path("<uuid:pk>/photo/", views.contact_photo, name="photo"),
    path("<uuid:pk>/timeline/", views.contact_timeline, name="timeline"),
    path("<uuid:pk>/history/", views.contact_history, name="history"),
    path("<uuid:pk>/merge/", views.contact_merge, name="merge"),
    path("<uuid:pk>/trash/", views.contact_trash, name="move_to_trash"),
    path("<uuid:pk>/interactions/", views.interaction_add, name="interaction_add"),
    path("interactions/<uuid:pk>/", views.interaction_edit, name="interaction_edit"),
    path("interactions/<uuid:pk>/delete/", views.interaction_delete, name="interaction_delete"),
]

# --- import and export (contacts-io) ---
from . import import_views  # noqa: E402

urlpatterns += [
    path("<uuid:pk>/follow-up/", views.follow_up_add, name="follow_up_add"),
    path("import/", import_views.import_upload, name="import"),
    path("import/<uuid:pk>/", import_views.import_preview, name="import_preview"),
    path("import/<uuid:pk>/confirm/", import_views.import_confirm, name="import_confirm"),
    path("import/<uuid:pk>/read-again/", import_views.import_read_again, name="import_read_again"),
    path("import/<uuid:pk>/progress/", import_views.import_progress, name="import_progress"),
    path("export/", import_views.export_index, name="export"),
    path("export/contacts.vcf", import_views.export_vcards, name="export_vcf"),
    path("export/contacts.csv", import_views.export_csv, name="export_csv"),
    path("<uuid:pk>/vcard.vcf", import_views.contact_vcard, name="vcard"),
]
