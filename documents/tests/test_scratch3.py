from django.template.loader import render_to_string
from documents import printing, sheets
from applications.models import Application
from applications.display import sections_view

def test_html(teacher_passed, applicant):
    app = Application.objects.get(pk=teacher_passed.pk)
    views = [v for v in sections_view(app, id_for_viewer="x") if not v.section.filled_by_unit]
    blocks = sheets.shrink(views, 366)
    mark = printing.marking(app, applicant, official=True, serial="P1")
    html = render_to_string("documents/review_form.html", {**printing._common(app, mark, "专业技术人员职称评审表"), "blocks": blocks, "opinions": [printing._unit_opinion(None, 12)], "opinions_on_new_page": False})
    open("/tmp/rf.html", "w").write(html)
