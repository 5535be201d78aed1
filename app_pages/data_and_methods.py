"""Data and methods: indicator definitions, sources and licences, the load ledger and rejects."""
from dashboard import frame, ui, views

ui.render(views.build("data_and_methods", frame.filters()))
