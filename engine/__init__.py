"""The engine's public API: build a Backend and call its services."""
from .bootstrap import WORKFLOWS_DIR, Backend, LoadedModels, build_backend, load_models
from .errors import Conflict, EngineError, Forbidden, ModelError, NotFound, ValidationFailed

__all__ = [
    "WORKFLOWS_DIR",
    "Backend",
    "Conflict",
    "EngineError",
    "Forbidden",
    "LoadedModels",
    "ModelError",
    "NotFound",
    "ValidationFailed",
    "build_backend",
    "load_models",
]
