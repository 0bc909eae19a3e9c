"""What the DLT rules find in one request, given the templates it is sent under: the messages
of the checks ``dlt-*`` (checks.py makes them problems, with the path of the value).

``DltRequest`` is made once per request: the templates, how they are read (strict or lenient,
the most characters of a variable's value), the request's ``DLT_TE_ID`` and sender, and its
first message (to say which template was probably meant when the id names none). A message's
match is kept for the next check of the same text, as every DLT check of a message reads it.
"""

from __future__ import annotations

from .dlt import Match, excerpt, match, placeholders
from .templates import DltTemplate, DltTemplates

STRICT = "strict"
LENIENT = "lenient"
MATCHES = (STRICT, LENIENT)
READING = {
    STRICT: "strict reading: any character of difference fails",
    LENIENT: "lenient reading: spaces, line breaks, full stops and commas ignored",
}
PROBABLE_SHOWN = 3


class DltRequest:
    """A request's DLT facts, for the checks of its values."""

    __slots__ = ("_last", "first_text", "lenient", "limit", "sender", "template", "template_id", "templates")

    def __init__(
        self,
        templates: DltTemplates,
        *,
        lenient: bool,
        limit: int | None,
        template_id: object,
        sender: object,
        first_text: object,
    ) -> None:
        self.templates = templates
        self.lenient = lenient
        self.limit = limit
        self.template_id = _text(template_id)
        self.sender = _text(sender)
        self.first_text = first_text if isinstance(first_text, str) else None
        self.template = templates.get(self.template_id) if self.template_id else None
        self._last: tuple[DltTemplate, str, Match] | None = None

    @property
    def reading(self) -> str:
        return READING[LENIENT if self.lenient else STRICT]

    def match_of(self, template: DltTemplate, text: str) -> Match:
        """The match of ``text`` against ``template``, kept for the next check of the same text."""
        last = self._last
        if last is not None and last[0] is template and last[1] == text:
            return last[2]
        found = match(template.content, text, lenient=self.lenient)
        self._last = (template, text, found)
        return found

    def probable(self, text: str | None) -> list[DltTemplate]:
        """The templates ``text`` matches (none for no text)."""
        if text is None:
            return []
        return [one for one in self.templates.templates if self.match_of(one, text).matched]

    def probably_meant(self) -> str:
        """``; the text matches template 1107... (order-shipped)``, or what else can be said."""
        found = self.probable(self.first_text)
        if not found:
            return f"; the text matches no template of {self.templates.source}" if self.first_text else ""
        named = ", ".join(_named(one) for one in found[:PROBABLE_SHOWN])
        more = f" and {len(found) - PROBABLE_SHOWN} more" if len(found) > PROBABLE_SHOWN else ""
        return f"; the text matches template {named}{more} of {self.templates.source}: probably the one meant"

    def unregistered(self) -> str | None:
        if self.template_id is None or self.template is not None:
            return None
        count = len(self.templates)
        return (
            f"{self.template_id!r} is not a template of {self.templates.source} "
            f"({count} template{'' if count == 1 else 's'}){self.probably_meant()}"
        )

    def unmapped_header(self) -> str | None:
        template = self.template
        if template is None or not template.headers or self.sender is None:
            return None
        if self.sender.casefold() in (header.casefold() for header in template.headers):
            return None
        return (
            f"{self.sender!r} is not a header mapped to DLT template {template.template_id} "
            f"(its headers: {', '.join(template.headers)})"
        )

    def odd_placeholder(self, text: object) -> str | None:
        """Why a text that does not match its template fails, when a placeholder is to blame:
        the template's or the text's, written otherwise than ``{#var#}``, where they part."""
        template = self.template
        if template is None or not isinstance(text, str):
            return None
        found = self.match_of(template, text)
        blamed = _blamed(template, text, found)
        return None if blamed is None else f"{blamed}; {self._difference(template, text, found)}"

    def mismatch(self, text: object) -> str | None:
        template = self.template
        if template is None or not isinstance(text, str):
            return None
        found = self.match_of(template, text)
        if found.mismatch is None or _blamed(template, text, found) is not None:
            return None  # a placeholder to blame is the placeholder rule's finding
        return self._difference(template, text, found)

    def _difference(self, template: DltTemplate, text: str, found: Match) -> str:
        mismatch = found.mismatch
        assert mismatch is not None
        return (
            f"differs from DLT template {template.template_id} at character {mismatch.text_at + 1} "
            f"({self.reading}): text {excerpt(text, mismatch.text_at)!r}, "
            f"template {excerpt(template.content, mismatch.template_at)!r}"
        )

    def long_values(self, text: object, limit: int) -> list[str]:
        template = self.template
        if template is None or not isinstance(text, str):
            return []
        found = self.match_of(template, text)
        said = []
        for slot, start, end in found.too_long(limit):
            value = text[start:end]
            said.append(
                f"variable {slot + 1} of DLT template {template.template_id} ({excerpt(value, 0)!r}) has "
                f"{end - start} characters, more than {limit}"
            )
        return said


def _blamed(template: DltTemplate, text: str, found: Match) -> str | None:
    """The placeholder written otherwise than ``{#var#}`` that stands where the text parts from
    its template (in the template, or in the text), said; None when none does."""
    mismatch = found.mismatch
    if mismatch is None:
        return None
    for at, token in placeholders(template.content):
        if at <= mismatch.template_at < at + len(token):
            return (
                f"DLT template {template.template_id} writes {token!r} at character {at + 1}, which is not a "
                "DLT variable (only {#var#} is): the text must hold it as it is"
            )
    for at, token in placeholders(text):
        if at <= mismatch.text_at < at + len(token):
            return f"holds {token!r} at character {at + 1}, a placeholder that was not filled in"
    return None


def _text(value: object) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        value = str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def _named(template: DltTemplate) -> str:
    return f"{template.template_id} ({template.name})" if template.name else template.template_id
