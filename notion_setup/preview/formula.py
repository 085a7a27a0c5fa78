"""Evaluate the common subset of Notion formulas over a starter row, for display only.

Supported: numbers, strings, ``true``/``false``, ``prop("Name")``, ``+ - * / %``, comparisons,
``and``/``or``/``not``, ``? :``, and the functions in ``_FUNCTIONS``. Anything else raises
``Unsupported`` and the preview shows the formula itself instead of a value: a preview must never
show a number Notion would not.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

_TOKEN = re.compile(
    r"\s*(?:(?P<num>\d+(?:\.\d+)?)|(?P<str>\"(?:[^\"\\]|\\.)*\")|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<op>==|!=|>=|<=|&&|\|\||[-+*/%()<>,?:!]))"
)


class Unsupported(Exception):
    """The formula uses something this evaluator does not know."""


Lookup = Callable[[str], Any]


def evaluate(expression: str, lookup: Lookup, today: date) -> Any:
    """Evaluate ``expression``; ``lookup(name)`` returns the value of ``prop(name)``.

    Raises:
        Unsupported: for syntax or functions outside the supported subset.
    """
    tokens = _tokenize(expression)
    parser = _Parser(tokens, lookup, today)
    value = parser.ternary()
    if parser.pos != len(tokens):
        raise Unsupported(f"unexpected {tokens[parser.pos]!r}")
    return value


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise Unsupported(f"cannot read {text[pos:]!r}")
        tokens.append(match.group().strip())
        pos = match.end()
    return [t for t in tokens if t]


def _num(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        if value is None:
            return 0.0
        raise Unsupported("not a number")
    return float(value)


def _date_between(a: Any, b: Any, unit: Any) -> float:
    if not isinstance(a, date) or not isinstance(b, date):
        raise Unsupported("dateBetween needs dates")
    days = (a - b).days
    per = {"days": 1, "weeks": 7, "months": 30.4375, "years": 365.25}.get(str(unit))
    if per is None:
        raise Unsupported(f"unit {unit}")
    return float(int(days / per))


def _date_add(d: Any, amount: Any, unit: Any) -> date:
    if not isinstance(d, date):
        raise Unsupported("dateAdd needs a date")
    per = {"days": 1, "weeks": 7}.get(str(unit))
    if per is None:
        raise Unsupported(f"unit {unit}")
    return d + timedelta(days=int(_num(amount)) * per)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == ()


_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "round": lambda x, n=0: round(_num(x), int(_num(n))),
    "abs": lambda x: abs(_num(x)),
    "floor": lambda x: float(int(_num(x) // 1)),
    "ceil": lambda x: float(-int(-_num(x) // 1)),
    "min": lambda *xs: min(_num(x) for x in xs),
    "max": lambda *xs: max(_num(x) for x in xs),
    "empty": _empty,
    "length": lambda x: float(len(x)) if isinstance(x, str | tuple) else 0.0,
    "dateBetween": _date_between,
    "dateAdd": _date_add,
    "concat": lambda *xs: "".join(str(x) for x in xs),
    "toNumber": lambda x: _num(x) if not isinstance(x, str) else float(x or 0),
}


class _Parser:
    def __init__(self, tokens: list[str], lookup: Lookup, today: date) -> None:
        self.tokens = tokens
        self.pos = 0
        self.lookup = lookup
        self.today = today

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise Unsupported(f"expected {expected!r}")
        self.pos += 1
        return token

    def ternary(self) -> Any:
        cond = self.logic()
        if self.peek() == "?":
            self.take("?")
            yes = self.ternary()
            self.take(":")
            no = self.ternary()
            return yes if cond else no
        return cond

    def logic(self) -> Any:
        left = self.compare()
        while self.peek() in ("and", "or", "&&", "||"):
            op = self.take()
            right = self.compare()
            left = (left and right) if op in ("and", "&&") else (left or right)
        return left

    def compare(self) -> Any:
        left = self.additive()
        while self.peek() in ("==", "!=", ">", "<", ">=", "<="):
            op = self.take()
            right = self.additive()
            if op == "==":
                left = left == right
            elif op == "!=":
                left = left != right
            else:
                left = _order(op, left, right)
        return left

    def additive(self) -> Any:
        left = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            if op == "+" and (isinstance(left, str) or isinstance(right, str)):
                left = f"{_text(left)}{_text(right)}"
            else:
                left = _num(left) + _num(right) if op == "+" else _num(left) - _num(right)
        return left

    def term(self) -> Any:
        left = self.unary()
        while self.peek() in ("*", "/", "%"):
            op = self.take()
            right = _num(self.unary())
            if op == "*":
                left = _num(left) * right
            elif right == 0:
                left = None  # Notion shows an empty cell for a division by zero
            else:
                left = _num(left) / right if op == "/" else _num(left) % right
        return left

    def unary(self) -> Any:
        if self.peek() == "-":
            self.take()
            return -_num(self.unary())
        if self.peek() in ("!", "not"):
            self.take()
            return not self.unary()
        return self.atom()

    def atom(self) -> Any:
        token = self.take()
        if token == "(":
            value = self.ternary()
            self.take(")")
            return value
        if token[0].isdigit():
            return float(token)
        if token[0] == '"':
            return token[1:-1].replace('\\"', '"')
        if token in ("true", "false"):
            return token == "true"
        if token in ("now", "today"):
            self.take("(")
            self.take(")")
            return self.today
        if token == "prop":
            self.take("(")
            name = self.take()
            self.take(")")
            if name[0] != '"':
                raise Unsupported("prop() takes a string")
            return self.lookup(name[1:-1])
        if token == "if":
            args = self.arguments()
            if len(args) != 3:
                raise Unsupported("if() takes 3 arguments")
            return args[1] if args[0] else args[2]
        if token in _FUNCTIONS:
            return _FUNCTIONS[token](*self.arguments())
        raise Unsupported(f"unknown {token!r}")

    def arguments(self) -> list[Any]:
        self.take("(")
        args: list[Any] = []
        if self.peek() != ")":
            args.append(self.ternary())
            while self.peek() == ",":
                self.take(",")
                args.append(self.ternary())
        self.take(")")
        return args


def _order(op: str, left: Any, right: Any) -> bool:
    """``<``, ``>``, ``<=``, ``>=`` between two dates or two numbers."""
    if isinstance(left, date) and isinstance(right, date):
        a: float = float(left.toordinal())
        b: float = float(right.toordinal())
    else:
        a, b = _num(left), _num(right)
    return {">": a > b, "<": a < b, ">=": a >= b, "<=": a <= b}[op]


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)
