"""The sandbox Graph API emulator (docs/RULES.md, "The sandbox"): one in-memory Facebook, in-process or over HTTP.

See docs/SANDBOX.md for the tokens, the demo world's IDs and how to run it.
"""

from core.sandbox.demo_ids import *  # noqa: F403  (the demo world's ID constants)
from core.sandbox.demo_ids import __all__ as _demo_ids
from core.sandbox.faults import Faults
from core.sandbox.sandbox import Sandbox
from core.sandbox.server import serve_in_thread
from core.sandbox.transport import SandboxAdapter, sandbox_session
from core.sandbox.world import WORLD_BUILDERS, register_world

__all__ = [
    "WORLD_BUILDERS",
    "Faults",
    "Sandbox",
    "SandboxAdapter",
    "register_world",
    "sandbox_session",
    "serve_in_thread",
    *_demo_ids,
]
