"""Imports every model module so that ``Base.metadata`` holds the whole schema (used by db/env.py
and by the test that the models match the migrations). Add one import per model module."""

from portfolio_desktop.store import models  # noqa: F401
from portfolio_desktop.store import accounts_models  # noqa: F401
from portfolio_desktop.store import items_models  # noqa: F401
from portfolio_desktop.store import window_models  # noqa: F401
from portfolio_desktop.store import receipts_models  # noqa: F401
from portfolio_desktop.store import workgroup_models  # noqa: F401
from portfolio_desktop.store import central_models  # noqa: F401
from portfolio_desktop.store.models import Base

metadata = Base.metadata
