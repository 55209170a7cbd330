"""Settings: a small base plus one include per concern, all driven by SCHAKEL_* variables."""

from .base import *  # noqa: F401,F403
from .security import *  # noqa: F401,F403
from .database import *  # noqa: F401,F403
from .auth import *  # noqa: F401,F403
from .api import *  # noqa: F401,F403
from .jobs import *  # noqa: F401,F403
from .mail import *  # noqa: F401,F403
from .testing import *  # noqa: F401,F403
