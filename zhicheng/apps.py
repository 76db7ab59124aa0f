from django.contrib.admin.apps import AdminConfig


class PlatformAdminConfig(AdminConfig):
    """django.contrib.admin with the platform's site (hr_admin admitted) as `admin.site`."""

    default_site = "zhicheng.admin_site.PlatformAdminSite"
