"""Applicant-side actions on applications: the only code that changes them.

Each action is one short transaction: it takes the application row through
`applications.workflow` (locked, the step checked against the declared rules and the
version the user's page was drawn from), then writes. Moves (提交, 收回) go through
`workflow.perform`, the one function that changes an application's status.

- `lifecycle`: 新增申请书 (with 复制往年申请书), 更改资格, 删除;
- `content`: sections and attachments, while the application is with the applicant;
- `moves`: 提交至工作单位 and 收回.
"""

from applications.actions.content import (
    place_attachment,
    remove_attachment,
    save_section,
    section_status,
    store_attachment,
)
from applications.actions.lifecycle import (
    change_qualification,
    create_application,
    delete_application,
)
from applications.actions.moves import recall, submit

__all__ = [
    "change_qualification",
    "create_application",
    "delete_application",
    "place_attachment",
    "recall",
    "remove_attachment",
    "save_section",
    "section_status",
    "store_attachment",
    "submit",
]
