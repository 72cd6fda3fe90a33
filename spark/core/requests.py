"""The service's request class: NUL characters never reach a form or a query.

Nobody types a NUL (U+0000): it arrives from broken clients or probes. PostgreSQL refuses it
in text, so one in any field would be a 500 at the first write or search; SQLite would store
it. Dropping it from every submitted field and query value here, once, means every form and
search sees only what a person could have typed.
"""

from __future__ import annotations

from flask import Request
from werkzeug.datastructures import ImmutableMultiDict, MultiDict
from werkzeug.utils import cached_property

NUL = "\x00"


def without_nul(data: MultiDict[str, str]) -> ImmutableMultiDict[str, str]:
    return ImmutableMultiDict(
        [(key.replace(NUL, ""), value.replace(NUL, "")) for key, value in data.items(multi=True)]
    )


class SparkRequest(Request):
    @cached_property
    def args(self) -> ImmutableMultiDict[str, str]:  # type: ignore[override]
        return without_nul(super().args)

    def _load_form_data(self) -> None:
        loaded = "form" in self.__dict__
        super()._load_form_data()
        if not loaded:
            self.__dict__["form"] = without_nul(self.__dict__["form"])
