"""A sliding-window limit per client address, counted in the database.

Every process of a deployment (gunicorn workers, several app hosts) shares the count: the
bucket row is locked while a request counts (`SELECT … FOR UPDATE` on PostgreSQL; SQLite's
IMMEDIATE transactions serialise writers anyway). docs/decisions.md says why not a cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from sentra.core import protect
from sentra.market.models import RateBucket

PRUNE_AFTER = timedelta(days=1)
INQUIRY_LIMIT = 10  # buyers' inquiries per client address …
INQUIRY_WINDOW = timedelta(minutes=1)  # … per minute, on the web form and the API together


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int  # seconds until the next hit is allowed (0 when allowed)


def client_key(action: str, address: str) -> str:
    """The bucket key: the action and a keyed digest of the address (an IP address is
    personal data, so it is never stored in clear)."""
    return f"{action}:{protect.digest('client:' + address)}"


def _locked_bucket(key: str, now: datetime) -> RateBucket:
    for _attempt in range(3):
        bucket = RateBucket.objects.select_for_update().filter(key=key).first()
        if bucket is not None:
            return bucket
        try:
            with transaction.atomic():  # a savepoint: a concurrent insert may win the key
                bucket = RateBucket.objects.create(key=key, hits=[], updated_at=now)
            # A new client is rare enough to pay for forgetting the idle ones.
            RateBucket.objects.filter(updated_at__lt=now - PRUNE_AFTER).delete()
            return bucket
        except IntegrityError:
            continue
    return RateBucket.objects.select_for_update().get(key=key)


def rate_limit_hit(
    *, action: str, address: str, limit: int, window: timedelta, now: datetime | None = None
) -> RateDecision:
    """Count one hit of `address` on `action`. Refused hits are not counted, so a client is
    let in again as soon as its oldest counted hit leaves the window."""
    now = now or timezone.now()
    key = client_key(action, address)
    with transaction.atomic():
        bucket = _locked_bucket(key, now)
        start = now - window
        hits = [t for t in (parse_datetime(h) for h in bucket.hits) if t is not None and t > start]
        if len(hits) >= limit:
            retry = max(1, int((hits[0] + window - now).total_seconds() + 0.999))
            return RateDecision(allowed=False, retry_after=retry)
        hits.append(now)
        bucket.hits = [h.isoformat() for h in hits[-limit:]]
        bucket.updated_at = now
        bucket.save(update_fields=["hits", "updated_at"])
    return RateDecision(allowed=True, retry_after=0)


def inquiry_rate_hit(*, address: str, now: datetime | None = None) -> RateDecision:
    """Count one buyer's inquiry from `address`: the product page's form and the API share
    the count, so a client cannot double its allowance by switching between them."""
    return rate_limit_hit(
        action="inquiry", address=address, limit=INQUIRY_LIMIT, window=INQUIRY_WINDOW, now=now
    )
