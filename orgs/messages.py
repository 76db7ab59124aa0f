"""Messages several orgs actions share."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# A 系统设置 page drawn before someone else saved the same setting.
SETTING_STALE = _("此项设置在您打开页面后已被他人修改。请查看最新内容后重新填写。")
