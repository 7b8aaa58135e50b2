"""SQLAlchemy models, one module per aggregate. Importing this package registers them."""
from .settings import AppSetting  # noqa: F401
from .users import ApiToken, StaffUser  # noqa: F401
