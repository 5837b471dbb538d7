"""Pasar: the public catalog, buyers' inquiries, raw-material suppliers and cooperative
orders (Si Jelita's market link, issue 11)."""
