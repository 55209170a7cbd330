from django.urls import path

from . import views, views_bulletin, views_continuity, views_directory, views_knowledge

app_name = "network"

urlpatterns = [
    path("", views.index, name="index"),
    path("afwezigheid/", views_continuity.absence, name="absence"),
    path("afwezigheid/<int:pk>/beeindigen", views_continuity.absence_end, name="absence-end"),
    path("overdracht/", views_continuity.handover, name="handover"),
    path("bezetting/", views_continuity.staffing_page, name="staffing"),
    path("bezetting/instellingen", views_continuity.region_settings, name="region-settings"),
    path("sociale-kaart/", views_directory.partners, name="partners"),
    path("sociale-kaart/nieuw", views_directory.partner_edit, name="partner-new"),
    path("sociale-kaart/controleren", views_directory.partners_review, name="partners-review"),
    path("sociale-kaart/<int:pk>/", views_directory.partner_edit, name="partner-edit"),
    path("sociale-kaart/<int:pk>/bevestigen", views_directory.partner_confirm, name="partner-confirm"),
    path("signaalwijzers/", views_directory.guides, name="guides"),
    path("signaalwijzers/<slug:department>/", views_directory.guide, name="guide"),
    path("signaalwijzers/<slug:department>/bewerken", views_directory.guide_edit, name="guide-edit"),
    path("trendbulletins/", views_bulletin.bulletins, name="bulletins"),
    path("trendbulletins/opstellen", views_bulletin.bulletin_draft, name="bulletin-draft"),
    path("trendbulletins/<int:pk>/", views_bulletin.bulletin, name="bulletin"),
    path("kennisbank/", views_knowledge.documents, name="documents"),
    path("kennisbank/nieuw", views_knowledge.document_edit, name="document-new"),
    path("kennisbank/<int:pk>/", views_knowledge.document, name="document"),
    path("kennisbank/<int:pk>/versies/<int:number>", views_knowledge.document, name="document-version"),
    path("kennisbank/<int:pk>/bewerken", views_knowledge.document_edit, name="document-edit"),
    path("bijeenkomsten/", views_knowledge.meetings, name="meetings"),
    path("bijeenkomsten/nieuw", views_knowledge.meeting, name="meeting-new"),
    path("bijeenkomsten/<int:pk>/", views_knowledge.meeting, name="meeting"),
]
