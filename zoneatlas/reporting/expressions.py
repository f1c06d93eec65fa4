"""A small, safe expression language for validation rules: ``leased_land_ha <= industrial_land_ready_ha``.

Rules are data (loaded from a definition file, later edited in the back office), so they are never given to
``eval``. An expression is parsed with Python's ``ast`` and only these nodes are accepted: names (the form's
indicator codes), numbers, ``True``/``False``, ``+ - * /``, unary minus and ``not``, comparisons (chained too),
``and``/``or``, and calls of ``abs``, ``min`` and ``max``. Arithmetic is done in ``Decimal``.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from decimal import Decimal, DivisionByZero, InvalidOperation
from typing import Any

FUNCTIONS: dict[str, Callable[..., Any]] = {"abs": abs, "min": min, "max": max}
_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_COMPARE: dict[type[ast.cmpop], Callable[[Any, Any], bool]] = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
MAX_LENGTH = 500


class ExpressionError(ValueError):
    """The expression uses something the language does not allow, or names an unknown indicator."""


class NotApplicable(Exception):  # noqa: N818  (a state, not an error: the rule does not apply)
    """A value the expression needs is missing, or it divides by zero: the rule is skipped."""


def parse(text: str, known_names: frozenset[str] | set[str] | None = None) -> ast.Expression:
    """Parse and check an expression; raises ``ExpressionError`` naming what is not allowed."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"an expression has at most {MAX_LENGTH} characters")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(f"not an expression: {error.msg}") from None
    for node in ast.walk(tree):
        _check(node, known_names)
    return tree


def names(tree: ast.Expression) -> set[str]:
    """The indicator codes an expression reads."""
    return {node.id for node in ast.walk(tree) if isinstance(node, ast.Name) and node.id not in FUNCTIONS}


def _check(node: ast.AST, known_names: frozenset[str] | set[str] | None) -> None:
    allowed = (
        ast.Expression,
        ast.BoolOp,
        ast.And,
        ast.Or,
        ast.BinOp,
        ast.UnaryOp,
        ast.USub,
        ast.UAdd,
        ast.Not,
        ast.Compare,
        ast.Name,
        ast.Load,
        ast.Constant,
        ast.Call,
        *_BINARY,
        *_COMPARE,
    )
    if not isinstance(node, allowed):
        raise ExpressionError(f"{type(node).__name__} is not allowed in a rule")
    if isinstance(node, ast.Constant) and (
        isinstance(node.value, str | bytes) or not isinstance(node.value, int | float | bool)
    ):
        raise ExpressionError(f"the constant {node.value!r} is not allowed: use numbers, True or False")
    if isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            raise ExpressionError("only abs(), min() and max() may be called")
        if node.keywords or not node.args:
            raise ExpressionError(f"{node.func.id}() takes positional arguments only")
    if (
        isinstance(node, ast.Name)
        and node.id not in FUNCTIONS
        and known_names is not None
        and node.id not in known_names
    ):
        raise ExpressionError(f"unknown indicator “{node.id}”")


def evaluate(tree: ast.Expression, values: Mapping[str, Any]) -> Any:
    """The expression's value over ``values`` (indicator code → Decimal, int or bool).

    Raises ``NotApplicable`` when a value it needs is missing (None or absent) or when it divides by zero.
    """
    return _eval(tree.body, values)


def _number(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    return value


def _eval(node: ast.AST, values: Mapping[str, Any]) -> Any:
    if isinstance(node, ast.Constant):
        return _number(node.value)
    if isinstance(node, ast.Name):
        if node.id in ("True", "False"):
            return node.id == "True"
        value = values.get(node.id)
        if value is None:
            raise NotApplicable(node.id)
        return _number(value)
    if isinstance(node, ast.BoolOp):
        results = [_eval(value, values) for value in node.values]
        return all(results) if isinstance(node.op, ast.And) else any(results)
    if isinstance(node, ast.UnaryOp):
        operand = _eval(node.operand, values)
        if isinstance(node.op, ast.Not):
            return not operand
        return -operand if isinstance(node.op, ast.USub) else +operand
    if isinstance(node, ast.BinOp):
        left, right = _eval(node.left, values), _eval(node.right, values)
        try:
            return _BINARY[type(node.op)](Decimal(left), Decimal(right))
        except (ZeroDivisionError, DivisionByZero, InvalidOperation):
            raise NotApplicable("division by zero") from None
    if isinstance(node, ast.Compare):
        left = _eval(node.left, values)
        for op, comparator in zip(node.ops, node.comparators, strict=True):
            right = _eval(comparator, values)
            if not _COMPARE[type(op)](left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        return FUNCTIONS[node.func.id](*(_eval(arg, values) for arg in node.args))
    raise ExpressionError(f"{type(node).__name__} is not allowed in a rule")  # parse() already refused it
