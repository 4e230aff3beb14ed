"""Routes of an add-on's statistics pages and data files.

They live under /<locale>/<app>/addon/<slug>/statistics/, and their names
start with "stats-". Data files are named as on AMO:
`<report>-<group>-<YYYYMMDD>-<YYYYMMDD>.<csv|json>`.
"""

from django.urls import path, re_path

from amo.stats import views
from amo.stats.reports import REPORTS

urlpatterns = [
    *(
        path(report.path, views.report_page, {"report": name}, name=report.route)
        for name, report in REPORTS.items()
    ),
    path("public/", views.set_public, name="stats-public"),
    # Any name with a dot is a data file; views.report_file names what is
    # wrong with one that is not valid.
    re_path(r"^(?P<filename>[^/]*\.[^/]*)$", views.report_file, name="stats-data"),
    # Any other page is a report that does not exist: a 400 that lists
    # the reports, rather than a bare 404.
    re_path(r"^(?P<page>.+/)$", views.unknown_page, name="stats-unknown"),
]
