"""Errors the service API raises; each carries a Vietnamese message a page can show."""

from __future__ import annotations


class EngineError(Exception):
    """Base class: `message` is for the user, in Vietnamese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotFound(EngineError):
    pass


class Forbidden(EngineError):
    pass


class ValidationFailed(EngineError):
    """Submitted data was refused; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.")
        self.errors = errors


class Conflict(EngineError):
    """Someone else changed the same task or dossier first."""


class ModelError(EngineError):
    """A model or parameter file that cannot run; stops start-up."""
