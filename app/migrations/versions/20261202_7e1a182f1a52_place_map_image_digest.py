"""Place maps: the image's SHA-256 stored beside it, filled for the maps already uploaded

Revision ID: 7e1a182f1a52
Revises: bce6600bb23c
Create Date: 2026-12-02 13:47:07.181829

"""
import hashlib

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7e1a182f1a52'
down_revision = 'bce6600bb23c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('place_maps', schema=None) as batch_op:
        batch_op.add_column(sa.Column('image_sha256', sa.String(length=64), nullable=True))
    fill_digests()
    with op.batch_alter_table('place_maps', schema=None) as batch_op:
        batch_op.alter_column('image_sha256', existing_type=sa.String(length=64), nullable=False)


def fill_digests():
    """Hash each stored image once, as place_maps.save_map does for a new upload."""
    place_maps = sa.table(
        "place_maps",
        sa.column("id", sa.Integer),
        sa.column("image", sa.LargeBinary),
        sa.column("image_sha256", sa.String),
    )
    connection = op.get_bind()
    ids = connection.execute(sa.select(place_maps.c.id)).scalars().all()
    for map_id in ids:  # one image (up to 3 MB) in memory at a time
        image = connection.execute(
            sa.select(place_maps.c.image).where(place_maps.c.id == map_id)
        ).scalar_one()
        connection.execute(
            place_maps.update()
            .where(place_maps.c.id == map_id)
            .values(image_sha256=hashlib.sha256(image).hexdigest())
        )


def downgrade():
    with op.batch_alter_table('place_maps', schema=None) as batch_op:
        batch_op.drop_column('image_sha256')
