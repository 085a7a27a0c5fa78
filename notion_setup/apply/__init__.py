"""Execute a plan through the gateway: the only package that writes to a client's workspace.

``executor`` drives the steps (by dependency, ``jobs`` at once) and saves the registry;
``create`` and ``update`` hold the step handlers; ``base`` the state they share; ``summary``
what a run did.
"""

from notion_setup.apply.executor import STEP_HANDLERS, Executor
from notion_setup.apply.summary import ApplyResult, CreatedObject, workspace_objects

__all__ = ["STEP_HANDLERS", "ApplyResult", "CreatedObject", "Executor", "workspace_objects"]
