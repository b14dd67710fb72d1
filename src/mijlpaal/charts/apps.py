from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartsConfig(AppConfig):
    name = "mijlpaal.charts"
    verbose_name = _("Milestone plan and Gantt chart")
