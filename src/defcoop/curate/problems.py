"""Problems found in curated input, and the catalogue of their codes.

A :class:`Problem` prints compiler-style as
``path:line:col: record-id: field.path: message [code]``; dataset-wide rules print
``<rule>: message [code]`` instead of a location. Every code has a one-line
description and a hint on how to fix it (``CATALOGUE``); the codebook lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..escape import printable


@dataclass(frozen=True)
class Problem:
    """One error in the input. ``line`` and ``col`` are 1-based (0 = unknown)."""

    code: str
    message: str
    path: str = ""
    line: int = 0
    col: int = 0
    record_id: str = ""
    field: str = ""

    def __post_init__(self) -> None:
        if self.code not in CATALOGUE:
            raise KeyError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:
        """One line: every part from the data (path, id, field, message) escaped (:func:`defcoop.escape.printable`)."""
        where = f"{self.path}:{self.line}:{self.col}" if self.path else f"<{self.rule}>"
        parts = [where]
        if self.record_id:
            parts.append(self.record_id)
        if self.field:
            parts.append(self.field)
        return printable(": ".join(parts) + f": {self.message} [{self.code}]")

    @property
    def rule(self) -> str:
        return self.code

    def sort_key(self) -> tuple:
        return (self.path == "", self.path, self.line, self.col, self.code, self.message)


@dataclass(frozen=True)
class Entry:
    """A problem code's one-line description and how to fix it (printed in the codebook)."""

    description: str
    hint: str


CATALOGUE: dict[str, Entry] = {
    # reading files
    "file-unreadable": Entry("The file cannot be read (permissions, not a regular file).",
                             "Check the file exists and is readable."),
    "file-too-large": Entry("A record file exceeds the size limit (1 MiB).",
                            "Split the content; a record file holds one record."),
    "encoding": Entry("The file is not valid UTF-8 or starts with a byte-order mark.",
                      "Save the file as UTF-8 without BOM."),
    "yaml-syntax": Entry("The YAML cannot be parsed (indentation, tabs, unclosed quotes, control characters).",
                         "Fix the YAML at the given position; indent with spaces only."),
    "yaml-tab": Entry("A tab character appears in the file.",
                      "Replace tabs with spaces (indentation) or remove them (text)."),
    "yaml-duplicate-key": Entry("A mapping has the same key twice; YAML would silently keep one.",
                                "Remove or rename one of the keys."),
    "yaml-anchor": Entry("Anchors, aliases (&x, *x) and merge keys (<<) are not allowed in records.",
                         "Write the values out in full in each place."),
    "yaml-tag": Entry("An explicit YAML tag (!!binary, !custom) is not allowed.",
                      "Remove the tag; write the value as plain text."),
    "yaml-too-deep": Entry("The YAML nests deeper than records ever need (20 levels).",
                           "Flatten the structure; see docs/curating.md."),
    "not-a-mapping": Entry("The document (or a list item that must be a mapping) is not a mapping.",
                           "A record file holds one mapping of column names to values."),
    "empty-file": Entry("The file holds no YAML document.", "Write the record or delete the file."),
    "bad-path": Entry("A path under records/ is not a regular record file inside the tree: a symbolic link "
                      "(to anywhere, dangling or looping), a FIFO, socket or device, a dotfile or dot-folder, "
                      "or a folder named like a record file.",
                      "Replace links by the file itself, remove hidden and special files; records/ holds only "
                      "table folders and `<id>.yaml` files."),
    "unknown-table": Entry("A folder under records/ is not a table of the dataset.",
                           "Move the file to one of the record tables' folders."),
    "bad-filename": Entry("A record file name is not `<kebab-case-id>.yaml`.",
                          "Rename the file to the record id plus `.yaml`."),
    # one record
    "id-mismatch": Entry("The record's id differs from its file name.",
                         "Rename the file or fix the id: they must be equal."),
    "missing-field": Entry("A required field is missing or empty.", "Add the field with a sourced value."),
    "unknown-field": Entry("A field is not a column of the table.",
                           "Check the spelling against the codebook; move prose to notes."),
    "type-error": Entry("A value has the wrong type (text, integer, number, list, mapping).",
                        "Write the value in the column's type; quote text that YAML might retype."),
    "bad-id": Entry("An id is not a lowercase kebab-case slug.", "Use letters a-z, digits and single hyphens."),
    "code-list": Entry("A value is not in the column's code list (ISO, SIPRI or defcoop codes).",
                       "Use one of the listed codes; the codebook defines each."),
    "date-format": Entry("A date is not a valid partial date (YYYY-MM-DD, YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY).",
                         "Write the date in one of the partial forms, as precise as the source."),
    "number-range": Entry("A number is out of range, not finite, or negative where a count or amount is expected.",
                          "Write the number as digits, as the source states it."),
    "hidden-character": Entry("A value holds a control character, a format character (bidi override, zero-width "
                              "space, BOM...), a line separator, or another invisible or unassigned code point.",
                              "Delete the character (the message gives its code point); names, titles and prose "
                              "may hold ZWNJ and ZWJ, prose also line breaks."),
    "derived-field": Entry("A file sets a column the build computes (e.g. counts_as_order, cow_code).",
                           "Remove the column from the file; the codebook marks computed columns."),
    "bad-value": Entry("A value is malformed (e.g. a URL without scheme, empty text).",
                       "Correct the value."),
    # dataset checks
    "duplicate-id": Entry("Two records of one table share an id.", "Give each record a unique id."),
    "unresolved-reference": Entry("A reference names a record or source that does not exist.",
                                  "Fix the id or add the missing record."),
    "unsourced-record": Entry("A record cites no source.", "Add at least one entry under `sources:`."),
    "claim-field": Entry("A claim names a field that is not a column of its record's table.",
                         "Use a column name of the record's table."),
    "claim-value": Entry("A claim's value is not valid for its field (e.g. not a date, not `<amount> <ISO4217>`).",
                         "Write the value in the field's curated form."),
    "claim-conflict": Entry("The record's value differs from its preferred claim, or a field has two different preferred values.",
                            "Make the record hold the preferred claim's value; prefer exactly one value."),
    "date-order": Entry("Dates are out of order (e.g. an end before a start, a delivery before the contract).",
                        "Check both dates against the sources."),
    "reference-cycle": Entry("References through parent_contract_id, variant_of_system_id, parent_actor_id, "
                             "parent_event_id, parent_agreement_id or derived_from_source_id run in a circle "
                             "(A -> B -> A, of any length).",
                             "Break the circle: one of the records is the top of the chain and has no parent."),
    "confusable": Entry("Two ids or names of one table look alike but differ (Unicode TR39 skeletons: a Cyrillic "
                        "'а' for a Latin 'a', 'rn' for 'm', '1' for 'l').",
                        "Use one spelling, or make the two visibly different; the message shows both as code points."),
    "self-reference": Entry("A record refers to itself as its parent or variant.", "Point to another record."),
    "consistency": Entry("Values of one record contradict each other (e.g. status signed without a signed date).",
                         "Make the record consistent or explain in notes and fix the status."),
    "coding-rule": Entry("A statement breaks a checkable coding rule (speakers, the state of a person speaking, "
                         "joint-statement speakers, target of a condemnation, addressee of a request).",
                         "Code the statement as the codebook's coding rules say."),
    "table-schema": Entry("A flattened table violates its Frictionless Table Schema (type, constraint, key).",
                          "Fix the record the row came from."),
    "state-list": Entry("A state list in datapackage/reference/ is missing, malformed or cannot be linked to ISO codes.",
                        "Restore the list from its source (see datapackage/reference/README.md) or link the name."),
    "min-records": Entry("A table holds fewer records than the dataset's assertion requires (a lost file?).",
                         "Restore the missing records or change the assertion deliberately."),
}
