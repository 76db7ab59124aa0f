"""Field rules every form shares, as Django form cleaners over the rules in `lib/`.

One place for the checks several apps' forms make (a person's name, a mobile number, a
resident ID number, a 统一社会信用代码, a scanned document), so that each has one message,
beside its field, wherever it is asked.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc as uscc_check
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError

from lib import idcard, mobile
from lib.files import CheckedUpload, UploadError, check_upload
from lib.idcard import IdNumberError, validate_id_number
from lib.refusal import Refused
from lib.text import TextError, clean_name

PERSON_NAME = re.compile(r"^[\u4e00-\u9fff\u0600-\u06ffA-Za-z·• ]+$")
USCC_ALPHABET = re.compile(r"^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$")

SCAN_HELP = _("JPG、PNG 或 PDF，不超过 2MB；请保证清晰、端正。")

# What Django's CharField checks before lib.idcard (NUL characters, length) gets its message.
ID_NUMBER_ERRORS = {
    "null_characters_not_allowed": _(idcard.BAD_SHAPE),
    "max_length": _(idcard.BAD_SHAPE),
}


def clean_mobile(value: str) -> str:
    """The one mobile rule (lib.mobile), its message beside the field."""
    try:
        return mobile.clean_mobile(value)
    except Refused as exc:
        raise ValidationError(gettext(str(exc.message))) from None


def checked_id_number(value: str) -> str:
    """The one resident-ID check of every form (lib.idcard); its message sits beside the field."""
    try:
        return validate_id_number(value)
    except IdNumberError as exc:
        raise ValidationError(gettext(str(exc))) from None


def clean_person_name(value: str, label: str | None = None) -> str:
    try:
        name = clean_name(value, label=str(label or _("姓名")), max_length=30)
    except TextError as exc:
        raise ValidationError(str(exc)) from None
    if not PERSON_NAME.match(name):
        raise ValidationError(_("姓名只能包含汉字、字母和间隔号“·”。"))
    return name


def clean_uscc(value: str) -> str:
    """统一社会信用代码: normalised to upper case, alphabet and check character verified."""
    code = "".join((value or "").split()).upper()
    if len(code) != 18:
        raise ValidationError(_("统一社会信用代码应为 18 位。"))
    if not USCC_ALPHABET.match(code):
        raise ValidationError(_("统一社会信用代码只能包含数字和大写字母（不使用 I、O、S、V、Z）。"))
    try:
        uscc_check.validate(code)
    except InvalidChecksum:
        raise ValidationError(_("统一社会信用代码校验位不正确，请核对营业执照。")) from None
    except StdnumError:
        raise ValidationError(_("统一社会信用代码格式不正确，请核对营业执照。")) from None
    return code


def checked_scan(upload: UploadedFile | None) -> CheckedUpload | None:
    if upload is None:
        return None
    try:
        return check_upload(upload, upload.name or "")
    except UploadError as exc:
        raise ValidationError(str(exc)) from None
