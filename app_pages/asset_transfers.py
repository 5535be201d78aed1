"""Asset transfers: buildings and land passing into community hands (synthetic demo registers)."""
from dashboard import frame, ui, views

ui.render(views.build("asset_transfers", frame.filters()))
