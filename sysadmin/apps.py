from django.apps import AppConfig


class SysadminConfig(AppConfig):
    name = "sysadmin"
    verbose_name = "系统设置"
