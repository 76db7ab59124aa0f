"""The side menu's groups drawn by accounts.menus.groups_html are what the template loop drew."""

from __future__ import annotations

import pytest
from django.template import engines
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.translation import override

from accounts.menus import INBOX, MENUS, groups_html, menus_for
from accounts.models import Role, User

# The loop templates/includes/side_menu.html held before the groups were drawn in Python.
TEMPLATE_LOOP = (
    "{% load i18n %}{% for group in groups %}\n"
    '  <div class="menu-group">\n'
    "    <h2>{{ group.label }}</h2>\n"
    '    <ul>{% for item in group.items %}<li><a href="{{ item.url }}"'
    '{% if request.path == item.url %} aria-current="page"{% endif %}>{{ item.label }}</a>'
    '{% if item.url_name == "notifications:inbox" %}{% if unread %}<span class="badge" '
    'aria-label="{% blocktranslate count n=unread %}{{ n }} 条未读{% plural %}{{ n }} 条未读'
    '{% endblocktranslate %}">{{ unread }}</span>{% endif %}{% elif item.badge %}'
    '<span class="badge" aria-label="{% blocktranslate count n=item.badge %}{{ n }} 项待办'
    '{% plural %}{{ n }} 项待办{% endblocktranslate %}">{{ item.badge }}</span>{% endif %}</li>'
    "{% endfor %}</ul>\n"
    "  </div>\n"
    "  {% endfor %}"
)


def by_template(role: str, badges: dict[str, int], path: str, unread: int) -> str:
    request = RequestFactory().get(path)
    template = engines["django"].from_string(TEMPLATE_LOOP)
    # No request to render with: the context processors would read the database.
    return template.render(
        {"groups": menus_for(role, badges), "unread": unread, "request": request}
    )


@pytest.mark.parametrize("language", ["zh-hans", "ug"])
@pytest.mark.parametrize("role", list(MENUS))
def test_every_role_is_drawn_as_the_template_drew_it(role: str, language: str) -> None:
    urls = [item.url for group in menus_for(role) for item in group.items]
    names = [item.url_name for group in menus_for(role) for item in group.items]
    cases = [
        ({}, "/nowhere/", 0),
        # Every entry with a badge (the inbox's is the unread count, not a badge).
        ({name: n + 1 for n, name in enumerate(names)}, urls[0], 3),
        ({names[-1]: 1, INBOX: 7}, urls[-1], 1),
        ({names[0]: 1234}, urls[len(urls) // 2], 1),
    ]
    with override(language):
        for badges, path, unread in cases:
            assert groups_html(role, badges, path, unread) == by_template(
                role, badges, path, unread
            ), (badges, path, unread)


def test_an_unknown_role_has_no_groups() -> None:
    assert groups_html("", {}, "/", 0) == by_template("", {}, "/", 0) == ""


def test_a_page_shows_its_own_entry_marked(client: Client, applicant: User) -> None:
    client.force_login(applicant)
    html = client.get(reverse("applications:list")).content.decode()
    menu = html.split('class="side-menu"', 1)[1].split("</nav>", 1)[0]
    mine = reverse("applications:list")
    assert f'<a href="{mine}" aria-current="page">我的申请书</a>' in menu
    assert menu.count('aria-current="page"') == 1
    assert html.count('<div class="menu-group">') == len(menus_for(Role.APPLICANT))
