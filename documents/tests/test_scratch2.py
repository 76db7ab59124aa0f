from django.template.loader import render_to_string

from applications.display import sections_view
from applications.models import Application
from documents import printing, sheets
from documents.pdf import render


def walk(box, out, page):
    el = getattr(box, "element", None)
    if el is not None and (el.get("id") or "").startswith("block-") and box.element_tag == "div":
        out.append((page, el.get("id"), box.margin_height() * 25.4 / 96))
    for child in getattr(box, "children", []) or []:
        walk(child, out, page)

def test_calibrate(teacher_passed, applicant):
    app = Application.objects.get(pk=teacher_passed.pk)
    views = [v for v in sections_view(app, id_for_viewer="x") if not v.section.filled_by_unit]
    for level in (0, 3, 5, 7):
        blocks = [sheets.block_for(v, sheets.LEVELS[level]) for v in views]
        mark = printing.marking(app, applicant, official=True, serial="x")
        html = render_to_string("documents/review_form.html", {**printing._common(app, mark, "t"), "blocks": blocks, "opinions": [], "opinions_on_new_page": False})
        doc, n = render(html)
        out = []
        for i, p in enumerate(doc.pages):
            walk(p._page_box, out, i)
        est = {f"block-{b.key}": b.height() for b in blocks}
        print("level", level, "pages", n)
        for page, key, h in out:
            print(f"  p{page} {key:35s} actual {h:6.1f} est {est[key]:6.1f}")
