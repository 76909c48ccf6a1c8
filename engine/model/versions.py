"""Model versions: each dossier keeps the version its process started on. The current
version comes from workflows/; older ones are parsed once from the sources stored in
process_spec_version, and cached with their serializers by hash."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from ..errors import ModelError, NotFound
from ..persistence.tables import ProcessSpecVersion
from ..persistence.unit_of_work import latest_instance
from .bundle import ModelBundle


class ModelVersions:
    """`compile` parses stored sources into a bundle; `make_serializer` binds a
    serializer to a bundle (both from the runtime, injected so the model needs no engine)."""

    def __init__(
        self,
        current: ModelBundle,
        compile: Callable[[Mapping[str, str]], ModelBundle],
        make_serializer: Callable[[ModelBundle], Any],
    ):
        self.current = current
        self._compile = compile
        self._make_serializer = make_serializer
        self._bundles = {current.version: current}
        self._serializers = {current.version: make_serializer(current)}
        self._lock = threading.Lock()

    def bundle(self, session: Session, version: str) -> ModelBundle:
        """The model version an instance started on, parsed from the stored sources if
        the files on disk have changed since."""
        if version not in self._bundles:
            stored = session.get(ProcessSpecVersion, version)
            if stored is None:
                raise ModelError(f"Không tìm thấy phiên bản mô hình {version[:12]}.")
            bundle = self._compile(stored.sources)
            with self._lock:
                self._serializers.setdefault(version, self._make_serializer(bundle))
                self._bundles.setdefault(version, bundle)
        return self._bundles[version]

    def serializer(self, version: str):
        """The serializer of a version already loaded with `bundle()` (or the current one)."""
        return self._serializers[version]

    def register(self, session: Session, bundle: ModelBundle, at: datetime) -> None:
        """Store the sources of a version before the first instance runs on it."""
        if session.get(ProcessSpecVersion, bundle.version) is None:
            session.add(ProcessSpecVersion(version=bundle.version, sources=bundle.sources, created_at=at))
            session.flush()

    def bundle_for(self, session: Session, dossier_id: int) -> ModelBundle:
        """The model version a dossier's latest process runs on."""
        instance = latest_instance(session, dossier_id)
        if instance is None:
            raise NotFound("Hồ sơ chưa có quy trình.")
        return self.bundle(session, instance.spec_version)
