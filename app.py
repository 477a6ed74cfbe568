"""Activation Explorer: the entrypoint. Routes each request to its page (see ui/navigation.py);
each page draws the shared frame itself (ui/frame.py)."""

from ui.navigation import navigate

navigate()
