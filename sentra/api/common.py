"""Pieces the endpoints share: documented responses, query bounds and form errors."""

from __future__ import annotations

from typing import Any

from django import forms

from sentra.api.problems import ApiProblem, validation_problem
from sentra.api.schemas import Problem

PROBLEMS: dict[int, Any] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    422: Problem,
    429: Problem,
}

READ: dict[int, Any] = {304: None, **PROBLEMS}
WRITE: dict[int, Any] = {**PROBLEMS, 412: Problem, 428: Problem}


def form_problem(form: forms.Form, *, prefix: str) -> ApiProblem:
    """A Django form's errors as a 422 problem naming each field."""
    errors = []
    for name, messages in form.errors.get_json_data().items():
        for message in messages:
            errors.append(
                {
                    "field": f"{prefix}.{name}" if name != "__all__" else prefix,
                    "code": str(message.get("code") or "invalid"),
                    "message": str(message["message"]),
                }
            )
    return validation_problem(errors)
