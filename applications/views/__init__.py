"""The applicant's pages: 我的申请书, 新增申请书, the sections, attachments, 附件库, and the
steps 提交 / 收回 / 更改资格 / 删除.

Every page reads top to bottom: decorators → the application fetched through
`visible_to(user)` (someone else's id is a 404) → form → one action → redirect. Views
never assign fields; `applications.actions` does every change, and which steps a page
offers comes from `applications.workflow` (`header(...).may`).
"""
