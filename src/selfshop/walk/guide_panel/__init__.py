"""The guide panel a leader answers in: its page, script and style, and the server that serves
them to the walk's browser window only."""

from selfshop.walk.guide_panel.server import TOKEN_HEADER, PanelServer, Reply

__all__ = ["TOKEN_HEADER", "PanelServer", "Reply"]
