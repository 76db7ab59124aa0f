import time

from applications.models import Application
from documents import printing


def q(pk):
    return Application.objects.select_related("applicant","unit","committee","committee__region","series","title","specialty").get(pk=pk)

def test_dump(teacher_passed, applicant, special_passed, committee_staff):
    app = q(teacher_passed.pk)
    t = time.perf_counter()
    r = printing.review_form(app, applicant, official=True, serial="P1")
    print("review", r.pages, r.squeeze, round((time.perf_counter()-t)*1000))
    open("/tmp/full-review.pdf","wb").write(r.pdf)
    r = printing.review_form(app, committee_staff, official=False, serial="P1")
    print("review-test", r.pages, r.squeeze)
    open("/tmp/full-review-test.pdf","wb").write(r.pdf)
    r = printing.envelope(app, committee_staff, official=True, serial="P2")
    print("env", r.pages, r.squeeze); open("/tmp/full-env.pdf","wb").write(r.pdf)
    r = printing.report_form(q(special_passed.pk), committee_staff, serial="P3")
    print("report", r.pages, r.squeeze); open("/tmp/full-report.pdf","wb").write(r.pdf)
