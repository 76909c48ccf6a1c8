"""The runtime: models, persistence, deadlines and the service API."""
from .config import INSTANCE_DIR, alembic_config, database_url
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed
from .service import DossierEngine

__all__ = [
    "Conflict",
    "DossierEngine",
    "EngineError",
    "Forbidden",
    "INSTANCE_DIR",
    "ModelError",
    "NotFound",
    "ValidationFailed",
    "alembic_config",
    "database_url",
]
