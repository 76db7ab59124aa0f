from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "orgs"
    verbose_name = _("地区与机构")

    def ready(self) -> None:
        from catalog import stamp
        from orgs import models as m

        # The reference rows orgs.refrows keeps per process (ADR 0042).
        stamp.watch(
            m.Region,
            m.Department,
            m.ReviewCommittee,
            m.Contact,
            m.ReviewChain,
            m.ChainNode,
            m.ApplicationWindow,
            m.FeeRule,
        )
