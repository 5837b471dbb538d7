"""The market through the API: the public catalog and buyers' inquiries to it, a unit's
products for those who manage them, and the inquiry inbox. One router for `api.py`."""

from ninja import Router

from sentra.api.endpoints.market import catalog, inquiries, products

router = Router()
for _module in (catalog, products, inquiries):
    router.add_router("", _module.router)
