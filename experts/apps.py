from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "experts"
    verbose_name = _("专家评审")

    def ready(self) -> None:
        # Results never import experts: the check that a meeting's results are the panel's to
        # compute is installed into results from here (the lib.outbox pattern).
        from experts.panels import typed_results_refusal  # noqa: PLC0415 - models are ready now
        from results import rules  # noqa: PLC0415

        rules.install_computed_check(typed_results_refusal)
