from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MsProjectConfig(AppConfig):
    name = "mijlpaal.msproject"
    verbose_name = _("MS Project")
