"""Publishing the open data to a CKAN portal through its action API (urllib only)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.error import HTTPError
from urllib.request import Request, urlopen

from django.conf import settings

from sentra.insights.opendata import (
    DATASETS,
    FORMATS,
    Dataset,
    dataset_file,
    dataset_metadata,
    file_name,
)

TIMEOUT = 30


class CkanError(Exception):
    def __init__(self, action: str, message: str) -> None:
        super().__init__(f"{action}: {message}")
        self.action = action


@dataclass
class PublishResult:
    created: list[str] = field(default_factory=list)
    patched: list[str] = field(default_factory=list)
    resources_created: list[str] = field(default_factory=list)
    resources_updated: list[str] = field(default_factory=list)


class CkanClient:
    def __init__(self, base_url: str, api_key: str) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise CkanError("config", "the CKAN URL must start with http:// or https://")
        self.base = base_url.rstrip("/") + "/api/3/action/"
        self.api_key = api_key

    def _send(self, action: str, body: bytes, content_type: str) -> dict[str, Any]:
        request = Request(  # noqa: S310  (the scheme is checked in __init__)
            self.base + action,
            data=body,
            method="POST",
            headers={"Authorization": self.api_key, "Content-Type": content_type},
        )
        try:
            with urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
                payload = json.loads(response.read().decode("utf-8"))
        except HTTPError as exc:
            try:
                payload = json.loads(exc.read().decode("utf-8"))
            except ValueError:
                raise CkanError(action, f"HTTP {exc.code}") from exc
            payload.setdefault("_status", exc.code)
        if not payload.get("success"):
            error = payload.get("error") or {}
            if error.get("__type") == "Not Found Error" or payload.get("_status") == 404:
                raise LookupError(action)
            raise CkanError(action, json.dumps(error, ensure_ascii=False))
        result: dict[str, Any] = payload["result"]
        return result

    def action(self, action: str, data: dict[str, Any]) -> dict[str, Any]:
        return self._send(action, json.dumps(data).encode("utf-8"), "application/json")

    def upload(
        self, action: str, data: dict[str, str], filename: str, content: bytes
    ) -> dict[str, Any]:
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in data.items():
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            parts.append(f"{head}{value}\r\n".encode())
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
        parts.append(f"--{boundary}--\r\n".encode())
        return self._send(action, b"".join(parts), f"multipart/form-data; boundary={boundary}")


def package_name(dataset: Dataset) -> str:
    region = settings.SENTRA_HOME_REGION.replace(".", "-")
    return f"sentra-{region}-{dataset.slug}"


def _package_fields(dataset: Dataset, years: list[int], owner_org: str | None) -> dict[str, Any]:
    meta = dataset_metadata(dataset, years[-1])
    meta["periode"] = f"Tahunan, {years[0]}–{years[-1]}"
    fields: dict[str, Any] = {
        "name": package_name(dataset),
        "title": dataset.title,
        "notes": f"{dataset.concept}\n\n{dataset.definition}",
        "license_id": "cc-by",
        "extras": [
            {"key": key, "value": value if isinstance(value, str) else json.dumps(value)}
            for key, value in meta.items()
            if key != "judul"
        ],
    }
    if owner_org:
        fields["owner_org"] = owner_org
    return fields


def ckan_publish(
    *, url: str, api_key: str, years: list[int], owner_org: str | None = None
) -> PublishResult:
    """Create or patch one CKAN package per data set and upload a resource per year and
    format (an existing resource of the same name is updated instead)."""
    client = CkanClient(url, api_key)
    result = PublishResult()
    for dataset in DATASETS.values():
        name = package_name(dataset)
        fields = _package_fields(dataset, years, owner_org)
        try:
            package = client.action("package_show", {"id": name})
            package = client.action("package_patch", {"id": package["id"], **fields})
            result.patched.append(name)
        except LookupError:
            package = client.action("package_create", fields)
            result.created.append(name)
        existing = {r.get("name"): r.get("id") for r in package.get("resources", [])}
        for year in years:
            for fmt in FORMATS:
                filename = file_name(dataset, year, fmt)
                content = dataset_file(dataset, year, fmt).encode("utf-8")
                data = {
                    "package_id": package["id"],
                    "name": filename,
                    "format": fmt.upper(),
                    "description": f"{dataset.title}, {year}",
                }
                if filename in existing:
                    data["id"] = str(existing[filename])
                    client.upload("resource_patch", data, filename, content)
                    result.resources_updated.append(filename)
                else:
                    client.upload("resource_create", data, filename, content)
                    result.resources_created.append(filename)
    return result
