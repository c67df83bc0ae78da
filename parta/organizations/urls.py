from django.urls import path

from parta.organizations.views import buildings, calendar, card, rooms, settings, tree

app_name = "organizations"

S = "s/<int:school_id>"

urlpatterns = [
    path(f"{S}/structure/", settings.SchoolSettingsView.as_view(), name="settings"),
    # the school card
    path(f"{S}/card/", card.SchoolCardView.as_view(), name="card"),
    path(f"{S}/card/edit/", card.SchoolCardEditView.as_view(), name="card_edit"),
    # the organization tree (not under one school)
    path("orgs/", tree.OrganizationTreeView.as_view(), name="org_tree"),
    path("orgs/new/", tree.OrganizationFormView.as_view(), name="org_create"),
    path("orgs/<int:pk>/", tree.OrganizationDetailView.as_view(), name="org_detail"),
    path("orgs/<int:pk>/edit/", tree.OrganizationFormView.as_view(), name="org_edit"),
    # the school year
    path(f"{S}/years/", calendar.AcademicYearListView.as_view(), name="year_list"),
    path(f"{S}/years/new/", calendar.AcademicYearFormView.as_view(), name="year_create"),
    path(f"{S}/years/<int:pk>/edit/", calendar.AcademicYearFormView.as_view(), name="year_edit"),
    path(f"{S}/period-sets/", calendar.PeriodSetListView.as_view(), name="period_set_list"),
    path(f"{S}/period-sets/new/", calendar.PeriodSetEditView.as_view(), name="period_set_create"),
    path(
        f"{S}/period-sets/<int:pk>/edit/",
        calendar.PeriodSetEditView.as_view(),
        name="period_set_edit",
    ),
    path(
        f"{S}/period-sets/<int:pk>/delete/",
        calendar.PeriodSetDeleteView.as_view(),
        name="period_set_delete",
    ),
    path(f"{S}/holiday-sets/", calendar.HolidaySetListView.as_view(), name="holiday_set_list"),
    path(
        f"{S}/holiday-sets/new/", calendar.HolidaySetEditView.as_view(), name="holiday_set_create"
    ),
    path(
        f"{S}/holiday-sets/<int:pk>/edit/",
        calendar.HolidaySetEditView.as_view(),
        name="holiday_set_edit",
    ),
    path(
        f"{S}/holiday-sets/<int:pk>/delete/",
        calendar.HolidaySetDeleteView.as_view(),
        name="holiday_set_delete",
    ),
    # buildings and rooms
    path(f"{S}/buildings/", buildings.BuildingListView.as_view(), name="building_list"),
    path(f"{S}/buildings/new/", buildings.BuildingFormView.as_view(), name="building_create"),
    path(
        f"{S}/buildings/<int:pk>/edit/", buildings.BuildingFormView.as_view(), name="building_edit"
    ),
    path(
        f"{S}/buildings/<int:pk>/delete/",
        buildings.BuildingDeleteView.as_view(),
        name="building_delete",
    ),
    path(f"{S}/rooms/", rooms.RoomListView.as_view(), name="room_list"),
    path(f"{S}/rooms/new/", rooms.RoomFormView.as_view(), name="room_create"),
    path(f"{S}/rooms/<int:pk>/edit/", rooms.RoomFormView.as_view(), name="room_edit"),
    path(f"{S}/rooms/<int:pk>/delete/", rooms.RoomDeleteView.as_view(), name="room_delete"),
]
