"""Errors that stop a command. Problems found in submissions are records, not errors."""

import errno

_OS_REASONS = {
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không có quyền truy cập",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EEXIST: "đã có một tệp cùng tên",
    errno.ENOTDIR: "một phần của đường dẫn là tệp, không phải thư mục",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOENT: "không tồn tại",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EBUSY: "tệp đang bị một chương trình khác dùng",
    errno.EIO: "lỗi đọc, ghi ổ đĩa (ổ mạng bị ngắt hoặc ổ đĩa có lỗi)",
    errno.EINVAL: "tên tệp hoặc đường dẫn không hợp lệ (có thể chứa ký tự Windows không cho phép)",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in Vietnamese; a cause not named here by its code (the system's own
    words, often English, stay in the exception for ``--debug``)."""
    code = exc.errno or 0
    return _OS_REASONS.get(code) or (f"lỗi của hệ điều hành, mã {code}" if code else "lỗi của hệ điều hành")


class ConsolidateError(Exception):
    """Base class: a condition that stops the current command; the message is Vietnamese."""


class FormError(ConsolidateError):
    """The form definition cannot be loaded or is inconsistent."""


class OutputError(ConsolidateError):
    """An output file or folder cannot be written."""


class UsageError(ConsolidateError):
    """The command was called with arguments that cannot work together."""


class ConversionError(ConsolidateError):
    """A document could not be converted (to PDF) through LibreOffice."""

    def __init__(self, message: str, tool_missing: bool = False) -> None:
        super().__init__(message)
        self.tool_missing = tool_missing
