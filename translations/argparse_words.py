"""argparse's own words ("usage:", "options:", "error:") in the chosen language.

argparse translates its words with the standard library's ``gettext.gettext``, which takes its
language from environment variables only: the command line's Vietnamese default and ``--lang``
would not reach it, and binding the domain would mean changing the environment its child processes
inherit. So argparse is given our ``_`` and ``ngettext`` instead, and its message ids are listed
here, where the extractor (scripts/messages.py) finds them and keeps them in our catalog.
"""

from __future__ import annotations

import argparse

from translations import _, ngettext

__all__ = ["argparse_messages", "speak_in_argparse"]


def argparse_messages() -> tuple[str, ...]:
    # Listed (Python 3.11's argparse) for the extractor; translated when called, in the language then.
    return (
        _("usage: "),
        _("positional arguments"),
        _("options"),
        _("show this help message and exit"),
        _("%(prog)s: error: %(message)s\n"),
        _("the following arguments are required: %s"),
        _("unrecognized arguments: %s"),
        _("argument %(argument_name)s: %(message)s"),
        _("invalid choice: %(value)r (choose from %(choices)s)"),
        _("invalid %(type)s value: %(value)r"),
        _("expected one argument"),
        _("expected at most one argument"),
        _("expected at least one argument"),
        _("one of the arguments %s is required"),
        _("not allowed with argument %s"),
        _("ambiguous option: %(option)s could match %(matches)s"),
        _("ignored explicit argument %r"),
        ngettext("expected %s argument", "expected %s arguments", 2),
    )


def speak_in_argparse() -> None:
    """Make argparse read its words through our catalog, in the current language."""
    setattr(argparse, "_", _)  # noqa: B010  (a module attribute the stubs do not declare)
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
