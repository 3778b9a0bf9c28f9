"""Glossary definitions: what the concept is, kept from a TBX or CSV file and written back.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 00:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "glossary_term",
        sa.Column("definition", sqlmodel.sql.sqltypes.AutoString(), nullable=False, server_default=""),
    )


def downgrade() -> None:
    op.drop_column("glossary_term", "definition")
