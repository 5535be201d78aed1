"""The frame: page config, shared sidebar filters, navigation and the footer (see dashboard/frame.py)."""
from dashboard import frame

frame.run()
