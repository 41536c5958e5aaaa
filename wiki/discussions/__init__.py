"""A discussion on every page: threads and their posts, as services other parts call.

- `threads`: opening a thread (`open_thread`, the call other apps make), replying, editing a
  post, following a thread, and telling followers;
- `moderating`: hiding posts; locking, pinning, moving and resolving threads, each logged;
- `held`: which posts wait for review (a new member's first posts with links to other
  sites) and what approving them does;
- `boxes`: what other apps show at the top of a page's discussion.

The views are in `wiki/views/discussion.py` and `wiki/views/discussion_moderation.py`.
"""

from .boxes import register_box
from .threads import open_thread, reply

__all__ = ["open_thread", "register_box", "reply"]
