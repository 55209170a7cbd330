from django.urls import path

from .views import assessments, funding, overview, plans, profiles, trainings

app_name = "policy"

urlpatterns = [
    path("", overview.index, name="index"),
    path("financiering/", funding.funding_list, name="funding-list"),
    path("financiering/nieuw", funding.funding_edit, name="funding-create"),
    path("financiering/<int:pk>/", funding.funding_detail, name="funding-detail"),
    path("financiering/<int:pk>/wijzigen", funding.funding_edit, name="funding-edit"),
    path("financiering/<int:pk>/export.xlsx", funding.funding_export, name="funding-export"),
    path("plannen/", plans.plan_list, name="plan-list"),
    path("plannen/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plannen/<int:pk>/actielijnen", plans.line_create, name="line-create"),
    path("plannen/<int:pk>/activiteiten/nieuw", plans.activity_create, name="activity-create"),
    path("plannen/<int:pk>/export.xlsx", plans.plan_export, name="plan-export"),
    path("plannen/<int:pk>/importeren", plans.plan_import_view, name="plan-import"),
    path("activiteiten/<int:pk>/", plans.activity_edit, name="activity-edit"),
    path("activiteiten/<int:pk>/voortgang", plans.note_create, name="note-create"),
    path("trainingen/", trainings.training_list, name="training-list"),
    path("trainingen/nieuw", trainings.training_create, name="training-create"),
    path("zelfevaluatie/", assessments.assessment_matrix, name="assessment-matrix"),
    path("zelfevaluatie/nieuw", assessments.assessment_create, name="assessment-create"),
    path("zelfevaluatie/<int:pk>/", assessments.assessment_detail, name="assessment-detail"),
    path("regioprofielen/", profiles.profile_list, name="profile-list"),
    path("regioprofielen/<slug:key>/toepassen", profiles.profile_apply, name="profile-apply"),
    path("regioprofielen/regio/<int:region_pk>/instellingen", profiles.region_settings, name="region-settings"),
]
