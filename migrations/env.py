"""Alembic environment: the engine's tables (engine.persistence.tables.Base) on the app's database."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy.types import TypeDecorator

from engine.config import database_url
from engine.persistence.database import make_engine
from engine.persistence.tables import Base

config = context.config
if config.cmd_opts is not None and config.config_file_name:  # the alembic command line
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def render_item(kind, obj, autogen_context):
    """Migrations spell a custom column type as the plain type it stores."""
    if kind == "type" and isinstance(obj, TypeDecorator):
        return f"sa.{obj.impl!r}"
    return False


def run_migrations(url: str) -> None:
    db = make_engine(url)
    with db.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=True,  # SQLite alters tables by copying them
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    db.dispose()


if context.is_offline_mode():
    context.configure(
        url=config.attributes.get("database_url") or database_url(),
        target_metadata=Base.metadata,
        literal_binds=True,
        render_as_batch=True,
        render_item=render_item,
    )
    with context.begin_transaction():
        context.run_migrations()
else:
    run_migrations(config.attributes.get("database_url") or database_url())
