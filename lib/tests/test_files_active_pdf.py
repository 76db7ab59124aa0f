"""Uploaded PDFs that run, launch or carry something are refused, each with its own words.

Every active PDF here is built in the test with pypdf (or, where pypdf cannot write the
structure, by hand), one per kind, beside a clean one that passes.
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Callable
from typing import cast

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from lib.files import UploadError, active_pdf_content, check_upload

N = NameObject


def _writer() -> PdfWriter:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    return writer


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _action(kind: str, **entries: PdfObject) -> DictionaryObject:
    action = DictionaryObject({N("/Type"): N("/Action"), N("/S"): N(kind)})
    for key, value in entries.items():
        action[N("/" + key)] = value
    return action


def _annotate(writer: PdfWriter, annotation: DictionaryObject) -> None:
    annotation.setdefault(N("/Type"), N("/Annot"))
    annotation.setdefault(
        N("/Rect"),
        ArrayObject([NumberObject(10), NumberObject(10), NumberObject(60), NumberObject(60)]),
    )
    page = writer.pages[0]
    page[N("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _link(action: DictionaryObject) -> DictionaryObject:
    return DictionaryObject({N("/Subtype"): N("/Link"), N("/A"): action})


def _uri() -> DictionaryObject:
    return _action("/URI", URI=TextStringObject("https://example.cn/"))


def clean() -> bytes:
    writer = _writer()
    # An ordinary web link and an outline entry are not active content.
    _annotate(writer, _link(_uri()))
    writer.add_outline_item("第一页", 0)
    writer.add_metadata({"/Title": "评审材料"})
    return _bytes(writer)


def javascript_name_tree() -> bytes:
    writer = _writer()
    writer.add_js("app.alert('x');")
    return _bytes(writer)


def javascript_link() -> bytes:
    writer = _writer()
    _annotate(writer, _link(_action("/JavaScript", JS=TextStringObject("app.alert(1)"))))
    return _bytes(writer)


def open_action() -> bytes:
    writer = _writer()
    # Even a harmless-looking jump on opening is an action the file starts by itself.
    writer._root_object[N("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, N("/Fit")]
    )
    return _bytes(writer)


def aa_on_catalog() -> bytes:
    writer = _writer()
    writer._root_object[N("/AA")] = DictionaryObject({N("/WC"): _uri()})
    return _bytes(writer)


def aa_on_page() -> bytes:
    writer = _writer()
    writer.pages[0][N("/AA")] = DictionaryObject({N("/O"): _uri()})
    return _bytes(writer)


def aa_on_field() -> bytes:
    writer = _writer()
    field = DictionaryObject(
        {
            N("/Subtype"): N("/Widget"),
            N("/FT"): N("/Tx"),
            N("/T"): TextStringObject("姓名"),
            N("/AA"): DictionaryObject({N("/K"): _uri()}),
        }
    )
    _annotate(writer, field)
    annots = cast(ArrayObject, writer.pages[0]["/Annots"])
    writer._root_object[N("/AcroForm")] = DictionaryObject({N("/Fields"): ArrayObject([annots[0]])})
    return _bytes(writer)


def launch() -> bytes:
    writer = _writer()
    _annotate(writer, _link(_action("/Launch", F=TextStringObject("calc.exe"))))
    return _bytes(writer)


def embedded_file() -> bytes:
    writer = _writer()
    writer.add_attachment("readme.txt", b"hello")
    return _bytes(writer)


def file_attachment_annotation() -> bytes:
    writer = _writer()
    spec = DictionaryObject({N("/Type"): N("/Filespec"), N("/F"): TextStringObject("x.txt")})
    _annotate(
        writer,
        DictionaryObject({N("/Subtype"): N("/FileAttachment"), N("/FS"): writer._add_object(spec)}),
    )
    return _bytes(writer)


def xfa() -> bytes:
    writer = _writer()
    packet = DecodedStreamObject()
    packet.set_data(b'<xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"></xdp:xdp>')
    writer._root_object[N("/AcroForm")] = DictionaryObject(
        {N("/Fields"): ArrayObject(), N("/XFA"): writer._add_object(packet)}
    )
    return _bytes(writer)


def rich_media() -> bytes:
    writer = _writer()
    _annotate(
        writer,
        DictionaryObject(
            {
                N("/Subtype"): N("/RichMedia"),
                N("/RichMediaContent"): DictionaryObject({N("/Assets"): DictionaryObject()}),
            }
        ),
    )
    return _bytes(writer)


def _check(pdf: bytes) -> str:
    with pytest.raises(UploadError) as refused:
        check_upload(io.BytesIO(pdf), "材料.pdf")
    return str(refused.value)


def test_a_clean_pdf_with_links_and_outline_is_accepted() -> None:
    pdf = clean()
    checked = check_upload(io.BytesIO(pdf), "评审材料.pdf")
    assert checked.kind == "pdf"
    assert checked.content == pdf


@pytest.mark.parametrize(
    ("build", "words"),
    [
        (javascript_name_tree, "PDF 文件含有可执行的脚本（JavaScript），不能上传。"),
        (javascript_link, "PDF 文件含有可执行的脚本（JavaScript），不能上传。"),
        (open_action, "PDF 文件含有打开时自动执行的动作（OpenAction），不能上传。"),
        (aa_on_catalog, "PDF 文件含有自动触发的附加动作（AA），不能上传。"),
        (aa_on_page, "PDF 文件含有自动触发的附加动作（AA），不能上传。"),
        (aa_on_field, "PDF 文件含有自动触发的附加动作（AA），不能上传。"),
        (launch, "PDF 文件含有启动外部程序的动作（Launch），不能上传。"),
        (embedded_file, "PDF 文件含有嵌入的文件（附件），不能上传。"),
        (file_attachment_annotation, "PDF 文件含有嵌入的文件（附件），不能上传。"),
        (xfa, "PDF 文件含有XFA 动态表单，不能上传。"),
        (rich_media, "PDF 文件含有富媒体内容（RichMedia），不能上传。"),
    ],
)
def test_it_refuses_each_kind_of_active_pdf_and_says_which(
    build: Callable[[], bytes], words: str
) -> None:
    message = _check(build())
    assert message.startswith(words)
    assert "请打印为 PDF 或重新扫描后再上传" in message


def test_it_names_every_kind_a_pdf_carries() -> None:
    writer = _writer()
    writer.add_js("app.alert(1)")
    writer.add_attachment("a.txt", b"a")
    assert _check(_bytes(writer)).startswith(
        "PDF 文件含有可执行的脚本（JavaScript）、嵌入的文件（附件），不能上传。"
    )


# --- hand-built files: what pypdf would not write ------------------------------------------


def _raw_pdf(objects: list[bytes], root: int = 1, *, xref: bool = True) -> bytes:
    """A PDF from object bodies numbered 1…n, with a correct xref table or none at all."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\n" % (len(objects) + 1, root)
    out += b"startxref\n%d\n%%%%EOF\n" % (start if xref else 0)
    return bytes(out)


PAGES = [
    b"<< /Type /Catalog /Pages 2 0 R >>",
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
]


def test_a_hand_built_clean_pdf_passes() -> None:
    assert check_upload(io.BytesIO(_raw_pdf(PAGES)), "a.pdf").kind == "pdf"


def test_it_reads_names_written_with_hex_escapes() -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Open#41ction << /S /J#61vaScript /J#53 (x) >> >>"
    message = _check(_raw_pdf([catalog, *PAGES[1:]]))
    assert "可执行的脚本（JavaScript）" in message
    assert "打开时自动执行的动作（OpenAction）" in message


def test_it_finds_an_action_type_given_by_reference() -> None:
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S 5 0 R /F (calc.exe) >> >>"
    message = _check(_raw_pdf([*PAGES[:2], page, link, b"/Launch"]))
    assert "启动外部程序的动作（Launch）" in message


def test_it_finds_active_objects_no_page_reaches() -> None:
    # An object listed in the xref but referenced by nothing: some viewers still find it
    # when they repair a file, so it is checked too.
    orphan = b"<< /S /JavaScript /JS (app.alert(1)) >>"
    assert "JavaScript" in _check(_raw_pdf([*PAGES, orphan]))


def test_it_checks_a_file_whose_xref_is_missing() -> None:
    # pypdf rebuilds the table by scanning for objects, as viewers do.
    catalog = b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /JavaScript /JS (1) >> >>"
    assert "JavaScript" in _check(_raw_pdf([catalog, *PAGES[1:]], xref=False))


def test_it_looks_inside_object_streams() -> None:
    # The catalog lives compressed inside an object stream, found through an xref stream.
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Names << /JavaScript 5 0 R >> >>"
    pages = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    tree = b"<< /Names [(a) << /S /JavaScript /JS (app.alert(1)) >>] >>"
    members = [(1, catalog), (2, pages), (3, page), (5, tree)]
    header = b""
    body = b""
    for number, text in members:
        header += b"%d %d " % (number, len(body))
        body += text + b" "
    packed = zlib.compress(header + body)
    out = bytearray(b"%PDF-1.7\n")
    stm_offset = len(out)
    out += (
        b"4 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
        % (len(members), len(header), len(packed))
        + packed
        + b"\nendstream\nendobj\n"
    )
    xref_offset = len(out)
    rows = [b"\x00" + (0).to_bytes(4, "big") + b"\xff\xff"]
    index = {number: i for i, (number, _) in enumerate(members)}
    for number in range(1, 7):
        if number == 4:
            rows.append(b"\x01" + stm_offset.to_bytes(4, "big") + b"\x00\x00")
        elif number == 6:
            rows.append(b"\x01" + xref_offset.to_bytes(4, "big") + b"\x00\x00")
        else:
            rows.append(b"\x02" + (4).to_bytes(4, "big") + index[number].to_bytes(2, "big"))
    table = b"".join(rows)
    out += (
        b"6 0 obj\n<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n"
        % len(table)
        + table
        + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_offset
    )
    pdf = bytes(out)
    assert b"JavaScript" not in pdf  # only visible once the stream is unpacked
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "可执行的脚本（JavaScript）" in _check(pdf)


def test_a_reference_cycle_is_walked_once() -> None:
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Loop 4 0 R >>"
    loop = [b"<< /Next 5 0 R >>", b"<< /Next 4 0 R /Items [4 0 R 5 0 R] >>"]
    assert check_upload(io.BytesIO(_raw_pdf([catalog, *PAGES[1:], *loop])), "a.pdf").kind == "pdf"


def test_a_deeply_nested_pdf_is_refused_as_damaged_not_a_crash() -> None:
    # pypdf gives up inside the nesting and would keep only the keys read so far; the
    # action after it must not slip through.
    deep = (
        b"<< /Type /Catalog /Pages 2 0 R /X "
        + b"[" * 50_000
        + b"]" * 50_000
        + b" /OpenAction << /S /JavaScript /JS (1) >> >>"
    )
    assert _check(_raw_pdf([deep, *PAGES[1:]])) == "PDF 文件已损坏或不是有效的 PDF。"


def test_a_key_given_twice_is_refused_as_damaged() -> None:
    # pypdf keeps the first /S, a viewer may take the second.
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [4 0 R] >>"
    link = b"<< /Type /Annot /Subtype /Link /Rect [0 0 9 9] /A << /S /URI /URI (https://a.cn/) /S /Launch /F (calc.exe) >> >>"
    assert _check(_raw_pdf([*PAGES[:2], page, link])) == "PDF 文件已损坏或不是有效的 PDF。"


def test_the_walk_is_bounded_in_objects_and_time() -> None:
    many = [*PAGES, *[b"<< /N %d >>" % i for i in range(200)]]
    reader = PdfReader(io.BytesIO(_raw_pdf(many)))
    assert active_pdf_content(reader) == set()
    with pytest.raises(UploadError, match="PDF 文件结构过于复杂，无法完成安全检查"):
        active_pdf_content(reader, max_objects=50)
    with pytest.raises(UploadError, match="PDF 文件结构过于复杂，无法完成安全检查"):
        active_pdf_content(PdfReader(io.BytesIO(_raw_pdf(many))), max_seconds=0)


def test_an_encrypted_pdf_is_refused_with_its_own_message() -> None:
    writer = _writer()
    writer.encrypt(user_password="", owner_password="secret", algorithm="AES-128")
    assert _check(_bytes(writer)) == "PDF 文件已加密，请上传未加密的文件。"


@pytest.mark.parametrize(
    "pdf",
    [
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R",
        b"%PDF-1.7\n" + b"\x00" * 500,
        _raw_pdf(PAGES)[:-60],
    ],
)
def test_a_malformed_pdf_is_refused_as_damaged(pdf: bytes) -> None:
    message = _check(pdf)
    assert message == "PDF 文件已损坏或不是有效的 PDF。" or "PDF 文件没有页面" in message
