"""After formal review: paper receipt, meetings and results, publicity, objections, 批文.

Every change the results app makes is one of these functions, grouped by subject in this
package. Each owns its transaction, locks the rows it decides on (`select_for_update`),
checks the rule against what it finds there — not against what the user's page showed —
and records who did it and when. A refused step raises `lib.refusal.Refused` (`Stale` for a
page drawn from data changed since). Committee staff reach only their own committee's
rows: anything else is a 404.
"""

from results.actions._common import clean_note, committee_of
from results.actions.approvals import (
    clean_document_number,
    issue_approval,
    issue_special_approval,
    special_ineligibility,
    special_issuable,
    special_refusal_message,
    special_refusals,
)
from results.actions.imports import Imported, import_results, resume_stalled_imports, run_import
from results.actions.meetings import (
    add_to_meeting,
    create_meeting,
    ineligible_message,
    meeting_refusals,
    record_result,
    record_revote,
    remove_from_meeting,
)
from results.actions.papers import mark_paper
from results.actions.publicity import (
    clean_contact,
    create_publicity,
    decide_objection,
    lodge_objection,
)

__all__ = [
    "Imported",
    "add_to_meeting",
    "clean_contact",
    "clean_document_number",
    "clean_note",
    "committee_of",
    "create_meeting",
    "record_revote",
    "create_publicity",
    "decide_objection",
    "import_results",
    "ineligible_message",
    "issue_approval",
    "issue_special_approval",
    "lodge_objection",
    "mark_paper",
    "meeting_refusals",
    "record_result",
    "remove_from_meeting",
    "resume_stalled_imports",
    "run_import",
    "special_ineligibility",
    "special_issuable",
    "special_refusal_message",
    "special_refusals",
]
