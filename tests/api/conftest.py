"""The reports' plan (a reporting period, a reached and a late milestone, ...) for the API's
report tests."""

from tests.reports.conftest import reportable as reportable
