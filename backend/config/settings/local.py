"""The embedded default: SQLite, tasks in-process, debug on."""

from backend.config.env import env_bool

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = env_bool("DEBUG", True)
VAR_DIR.mkdir(exist_ok=True)
