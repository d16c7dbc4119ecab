"""Input parsers: EDGAR R pages as text (seed style) or HTML -> :class:`~mapper.rpage.model.Page`."""
