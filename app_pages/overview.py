"""Overview: one glance per Keep it Local principle, the council against its comparison group and England."""
from dashboard import frame, ui, views

ui.render(views.build("overview", frame.filters()))
