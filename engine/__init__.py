"""The runtime: models, persistence, deadlines and the service API."""
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .service import DossierEngine

__all__ = [
    "Conflict",
    "DossierEngine",
    "EngineError",
    "Forbidden",
    "ModelError",
    "NotFound",
    "ValidationFailed",
]
