"""Errors that stop a command. Problems found in submissions are records, not errors."""


class ConsolidateError(Exception):
    """Base class: a condition that stops the current command; the message is Vietnamese."""


class FormError(ConsolidateError):
    """The form definition cannot be loaded or is inconsistent."""


class OutputError(ConsolidateError):
    """An output file or folder cannot be written."""


class UsageError(ConsolidateError):
    """The command was called with arguments that cannot work together."""
