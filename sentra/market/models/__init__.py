"""The market's tables (issue 11): catalog, inquiries, suppliers and cooperative orders.

The modules split the tables by sub-domain; this package re-exports them so that callers
import from `sentra.market.models`.
"""

from sentra.market.models.catalog import (
    ProducerProfile,
    Product,
    ProductPhoto,
    ProductStatus,
    PublicationConsent,
)
from sentra.market.models.inquiries import NEXT_STAGES, Inquiry, InquiryStage, RateBucket
from sentra.market.models.orders import (
    SALE_STATUSES,
    Agreement,
    ExportProposal,
    Order,
    OrderItem,
    OrderStatus,
    Payment,
    Payout,
    PayoutStatus,
    ProposalStatus,
)
from sentra.market.models.suppliers import (
    MatchBasis,
    Material,
    MaterialMatch,
    MaterialRequest,
    Notification,
    RequestStatus,
    Supplier,
)

__all__ = [
    "NEXT_STAGES",
    "SALE_STATUSES",
    "Agreement",
    "ExportProposal",
    "Inquiry",
    "InquiryStage",
    "MatchBasis",
    "Material",
    "MaterialMatch",
    "MaterialRequest",
    "Notification",
    "Order",
    "OrderItem",
    "OrderStatus",
    "Payment",
    "Payout",
    "PayoutStatus",
    "ProducerProfile",
    "Product",
    "ProductPhoto",
    "ProductStatus",
    "ProposalStatus",
    "PublicationConsent",
    "RateBucket",
    "RequestStatus",
    "Supplier",
]
