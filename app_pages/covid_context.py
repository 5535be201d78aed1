"""Covid context: weekly cases per 100,000, the council against its group and England, beside its spend."""
from dashboard import frame, ui, views

ui.render(views.build("covid_context", frame.filters()))
