"""The annual IKM report: one set of tables rendered to PDF (WeasyPrint) and xlsx."""
