"""Administrator page: moving running dossiers to the newest model version (placeholder,
replaced by the migration work)."""
from flask import Blueprint

bp = Blueprint("migration", __name__, url_prefix="/admin/migration")
