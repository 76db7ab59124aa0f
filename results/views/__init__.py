"""Committee staff pages (纸质材料, 会议评审, 公示, 异议, 批文) and the applicant's 评审结果查询.

Staff reach only their own committee's rows: every lookup is filtered by the staff
member's committee, so another committee's id answers 404. Each change is one call
into `results.actions`; a refused step draws the page again with what was typed.
"""

from results.views.approvals import (
    approval,
    approval_progress,
    approval_resume,
    approvals,
    special_approvals,
)
from results.views.imports import import_job, import_job_progress, meeting_import
from results.views.meetings import (
    meeting,
    meeting_add,
    meeting_remove,
    meeting_result,
    meeting_template,
    meetings,
)
from results.views.mine import mine
from results.views.papers import paper_mark, papers, papers_received, papers_to_meeting
from results.views.publicity import objection_decide, objections, publicities, publicity

__all__ = [
    "approval",
    "approval_progress",
    "approval_resume",
    "approvals",
    "import_job",
    "import_job_progress",
    "meeting",
    "meeting_add",
    "meeting_import",
    "meeting_remove",
    "meeting_result",
    "meeting_template",
    "meetings",
    "mine",
    "objection_decide",
    "objections",
    "paper_mark",
    "papers",
    "papers_received",
    "papers_to_meeting",
    "publicities",
    "publicity",
    "special_approvals",
]
