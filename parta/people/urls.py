from django.urls import path

from parta.people.views import classes, groups, guardians, home, logins, staff, students

app_name = "people"

S = "s/<int:school_id>"

urlpatterns = [
    path(f"{S}/", home.SchoolHomeView.as_view(), name="home"),
    path("m/<int:org_id>/", home.MunicipalityView.as_view(), name="municipality"),
    # classes and enrollment
    path(f"{S}/classes/", classes.ClassListView.as_view(), name="class_list"),
    path(f"{S}/classes/new/", classes.ClassFormView.as_view(), name="class_create"),
    path(f"{S}/classes/<int:pk>/", classes.ClassDetailView.as_view(), name="class_detail"),
    path(f"{S}/classes/<int:pk>/edit/", classes.ClassFormView.as_view(), name="class_edit"),
    path(f"{S}/classes/<int:pk>/enroll/", classes.ClassEnrollView.as_view(), name="class_enroll"),
    path(f"{S}/classes/<int:pk>/logins/", logins.ClassLoginsView.as_view(), name="class_logins"),
    path(f"{S}/classes/<int:pk>/split/", groups.ClassSplitView.as_view(), name="class_split"),
    # students
    path(f"{S}/students/", students.StudentListView.as_view(), name="student_list"),
    path(f"{S}/students/new/", students.StudentCreateView.as_view(), name="student_create"),
    path(f"{S}/students/<int:pk>/", students.StudentDetailView.as_view(), name="student_detail"),
    path(f"{S}/students/<int:pk>/edit/", students.StudentEditView.as_view(), name="student_edit"),
    path(f"{S}/students/<int:pk>/move/", students.StudentMoveView.as_view(), name="student_move"),
    path(
        f"{S}/students/<int:pk>/enrollments/<int:enrollment_pk>/close/",
        students.EnrollmentCloseView.as_view(),
        name="enrollment_close",
    ),
    path(
        f"{S}/students/<int:pk>/parents/add/",
        guardians.GuardianAddView.as_view(),
        name="guardian_add",
    ),
    path(
        f"{S}/students/<int:pk>/parents/<int:link_pk>/remove/",
        guardians.GuardianRemoveView.as_view(),
        name="guardian_remove",
    ),
    # staff
    path(f"{S}/staff/", staff.StaffListView.as_view(), name="staff_list"),
    path(f"{S}/staff/new/", staff.StaffCreateView.as_view(), name="staff_create"),
    path(f"{S}/staff/<int:pk>/", staff.StaffDetailView.as_view(), name="staff_detail"),
    path(f"{S}/staff/<int:pk>/edit/", staff.StaffEditView.as_view(), name="staff_edit"),
    # logins of people the school knows
    path(
        f"{S}/people/<int:person_pk>/login/new/",
        logins.LoginCreateView.as_view(),
        name="login_create",
    ),
    path(
        f"{S}/people/<int:person_pk>/login/reset/",
        logins.LoginResetView.as_view(),
        name="login_reset",
    ),
    path(
        f"{S}/people/<int:person_pk>/login/lock/",
        logins.LoginLockView.as_view(),
        name="login_lock",
    ),
    # study groups
    path(f"{S}/groups/", groups.GroupListView.as_view(), name="group_list"),
    path(f"{S}/groups/new/", groups.GroupFormView.as_view(), name="group_create"),
    path(f"{S}/groups/<int:pk>/", groups.GroupDetailView.as_view(), name="group_detail"),
    path(f"{S}/groups/<int:pk>/edit/", groups.GroupFormView.as_view(), name="group_edit"),
    path(
        f"{S}/groups/<int:pk>/members/<int:membership_pk>/end/",
        groups.GroupMemberEndView.as_view(),
        name="group_member_end",
    ),
    path(
        f"{S}/groups/<int:pk>/members/<int:membership_pk>/delete/",
        groups.GroupMemberDeleteView.as_view(),
        name="group_member_delete",
    ),
]
