"""How the tool marks the workbooks it writes, and knows them again among the submissions.

Every workbook the tool writes for people (the summary, each feedback workbook) carries a custom
document property ``consolidate_output`` naming what it is. Reading a folder of submissions, such
a file is skipped with a note, not reported as a broken submission. A feedback workbook is a copy
of a unit's own report, meant to be fixed and sent back: it also carries ``consolidate_content``,
a digest of every part of the package but its document properties, so it is the tool's own output
only while nobody has changed it; once the unit edits and saves it, it is a submission again.
"""

from __future__ import annotations

import hashlib
import io
import zipfile

from consolidate.layout import PROP_FORM_ID

PROP_OUTPUT = "consolidate_output"
PROP_CONTENT = "consolidate_content"
SUMMARY = "summary"
FEEDBACK = "feedback"
CONTENT_PLACEHOLDER = "0" * 64  # written first, replaced by the digest once the package is complete
_NAMES = {SUMMARY: "bảng tổng hợp", FEEDBACK: "tệp phản hồi"}


def output_mark(kind: str) -> dict[str, str]:
    """The custom document properties that mark a workbook of ``kind`` (see :func:`seal`)."""
    mark = {PROP_OUTPUT: kind}
    if kind == FEEDBACK:
        mark[PROP_CONTENT] = CONTENT_PLACEHOLDER
    return mark


def content_digest(archive: zipfile.ZipFile) -> str:
    """A digest of every part of a package except its document properties (``docProps/``)."""
    digest = hashlib.sha256()
    for name in sorted(archive.namelist()):
        if not name.startswith("docProps/"):
            digest.update(name.encode() + b"\0" + archive.read(name) + b"\0")
    return digest.hexdigest()


def seal(package: bytes) -> bytes:
    """A package written with :func:`output_mark`, its content digest put in place of the placeholder."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        digest = content_digest(archive)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as sealed:
            for info in archive.infolist():
                data = archive.read(info.filename)
                if info.filename == "docProps/custom.xml":
                    data = data.replace(CONTENT_PLACEHOLDER.encode(), digest.encode())
                sealed.writestr(info, data)
    return out.getvalue()


def own_output(properties: dict[str, str], digest: str) -> str:
    """Why a workbook is this tool's own output and not a submission, or ``""`` when it is a submission.

    Args:
        properties: The workbook's custom document properties.
        digest: :func:`content_digest` of its package (``""`` when not computed).
    """
    kind = properties.get(PROP_OUTPUT, "")
    if not kind:
        return ""
    name = _NAMES.get(kind, "tệp kết quả")
    if properties.get(PROP_FORM_ID):
        # A copy of a unit's report (feedback): ours only as long as nobody has changed it.
        if not digest or properties.get(PROP_CONTENT) != digest:
            return ""
        return (
            f"Đây là {name} do chính chương trình ghi ra (chưa ai sửa), không phải báo cáo gửi về; bỏ qua. "
            "Khi đơn vị sửa, lưu lại và gửi về, tệp sẽ được đọc như một báo cáo."
        )
    return f"Đây là {name} do chính chương trình ghi ra, không phải báo cáo gửi về; bỏ qua."
