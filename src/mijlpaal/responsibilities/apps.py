from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResponsibilitiesConfig(AppConfig):
    name = "mijlpaal.responsibilities"
    verbose_name = _("Roles and responsibilities")
