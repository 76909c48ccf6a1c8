"""The runtime: models, persistence, deadlines and the service API."""
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .service import DossierEngine, InboxRow

__all__ = [
    "Conflict",
    "DossierEngine",
    "EngineError",
    "Forbidden",
    "InboxRow",
    "ModelError",
    "NotFound",
    "ValidationFailed",
]
