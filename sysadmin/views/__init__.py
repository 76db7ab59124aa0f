"""系统设置 pages for hr_admin, one module per kind of reference data (urls.py names them).

Each view: access → scoped object (404 outside the admin's region) → form → one action in
`sysadmin.actions` (which calls the data's owner) → redirect."""
