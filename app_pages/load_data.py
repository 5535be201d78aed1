"""Load your data: council officers check and load their spend files (uploads must be turned on)."""
from dashboard import upload_ui

upload_ui.render()
