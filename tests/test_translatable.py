"""Every user-facing string in the source can be translated (issue 17 item 6, issue 19).

Two static checks, no database: the templates keep no visible text outside
``{% translate %}`` / ``{% blocktranslate %}``, and the Python code passes no plain
string literal where Django shows it to a user (labels, help texts, choices, messages,
validation errors, admin descriptions). A third runs ``makemessages`` into a copy of
the project to prove that gettext finds the strings the first two demand.
"""

import ast
import inspect
import re
import shutil
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalChanges

from tests.catalogs import NOT_COPIED

ROOT = Path(settings.BASE_DIR)
SKIP_DIRS = set(NOT_COPIED)

# Words that are not translated: names of things and file formats.
ALLOWED_WORDS = {"Casetracker", "API", "CSV", "JSON", "XLSX", "Popolo"}

# Attributes a reader hears or sees.
TEXT_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}
BUTTON_TYPES = {"submit", "button", "reset"}


def _project_files(pattern: str) -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob(pattern)
        if not SKIP_DIRS.intersection(path.relative_to(ROOT).parts)
    )


def template_files() -> list[Path]:
    return [path for path in _project_files("*.html") if "templates" in path.parts]


def python_files() -> list[Path]:
    return [path for path in _project_files("*.py") if path.parent != ROOT]


# --- templates --------------------------------------------------------------------------

_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
# The admin's block for the <body> element's CSS classes: markup, not text.
_CLASS_BLOCKS = re.compile(r"\{%\s*block bodyclass\s*%\}.*?\{%\s*endblock", re.S)
_BLOCK_TRANSLATIONS = re.compile(
    r"\{%\s*blocktrans(?:late)?\b.*?%\}.*?\{%\s*endblocktrans(?:late)?\s*%\}", re.S
)
_TRANSLATIONS = re.compile(r"\{%\s*trans(?:late)?\s.*?%\}", re.S)
_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# A quoted literal in a tag that prints it: `default:"..."`, `firstof ... "..."`.
_PRINTED_LITERALS = re.compile(r"""(?:default(?:_if_none)?:|firstof\b[^%]*?)\s*(["'])(.*?)\1""")
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")


def _untranslated(text: str) -> str | None:
    text = " ".join(text.split())
    if set(_WORD.findall(text)) - ALLOWED_WORDS:
        return text
    return None


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1
        attributes = dict(attrs)
        for name, value in attrs:
            user_facing = name in TEXT_ATTRIBUTES or (
                name == "value" and tag == "input" and attributes.get("type") in BUTTON_TYPES
            )
            if user_facing and value and (text := _untranslated(value)):
                self.found.append(f'<{tag} {name}="{text}">')
        description = attributes.get("content") if attributes.get("name") == "description" else ""
        if tag == "meta" and (text := _untranslated(description or "")):
            self.found.append(f'<meta content="{text}">')

    def handle_endtag(self, tag):
        if tag in {"script", "style"} and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and (text := _untranslated(data)):
            self.found.append(text)


def untranslated_template_text(source: str) -> list[str]:
    """The visible text and user-facing attributes of ``source`` left untranslated."""
    source = _COMMENTS.sub(" ", source)
    source = _CLASS_BLOCKS.sub(" ", source)
    source = _BLOCK_TRANSLATIONS.sub(" ", source)
    source = _TRANSLATIONS.sub(" ", source)
    found = [
        f"literal {match.group(0)!r}"
        for tag in _TAGS.findall(source)
        for match in _PRINTED_LITERALS.finditer(tag)
        if _untranslated(match.group(2))
    ]
    parser = _VisibleText()
    parser.feed(_TAGS.sub(" ", source))
    parser.close()
    return found + parser.found


def test_the_checker_finds_untranslated_template_text():
    assert untranslated_template_text('<p title="Open">{% translate "Yes" %}, no.</p>') == [
        '<p title="Open">',
        ", no.",
    ]
    assert untranslated_template_text('{{ x|default:"none" }}') == ["literal 'default:\"none\"'"]
    assert (
        untranslated_template_text(
            '{% load i18n %}<input type="submit" value="{% translate "Go" %}">'
            "{% blocktranslate count n=n %}{{ n }} person{% plural %}{{ n }} people"
            "{% endblocktranslate %} · 3 {# a note #}<script>let a = 'b';</script>"
        )
        == []
    )


@pytest.mark.parametrize("path", template_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_template_text_is_translatable(path):
    source = path.read_text()
    assert untranslated_template_text(source) == []
    if re.search(r"\{%\s*(?:block)?trans(?:late)?\b", source):
        assert re.search(r"\{%\s*load\s[^%]*\bi18n\b", source), "translate without {% load i18n %}"


# --- Python -----------------------------------------------------------------------------

# Keyword arguments whose value Django shows to a user.
TEXT_KEYWORDS = {
    "help_text",
    "label",
    "verbose_name",
    "verbose_name_plural",
    "empty_label",
    "description",
    "short_description",
    "empty_value_display",
    "violation_error_message",
}
# Calls whose first (or named) text argument a user reads.
MESSAGE_CALLS = {"success": 1, "error": 1, "warning": 1, "info": 1, "message_user": 1}
ERROR_CALLS = {"ValidationError": 0, "PermissionDenied": 0}
CHOICES_BASES = {"TextChoices", "IntegerChoices", "Choices"}
TRANSLATE_FUNCTIONS = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
    "format_lazy",
}


def _is_plain_text(node: ast.AST | None) -> bool:
    """A literal (or an f-string) with letters in it, which gettext cannot see."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_LETTER.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_plain_text(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _is_plain_text(node.left) or _is_plain_text(node.right)
    if isinstance(node, ast.Dict):
        return any(_is_plain_text(value) for value in node.values)
    return False


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return ""


class _PlainText(ast.NodeVisitor):
    def __init__(self):
        self.found: list[tuple[int, str]] = []

    def _add(self, node, why):
        self.found.append((node.lineno, f"{why}: {ast.unparse(node)[:70]}"))

    def visit_Call(self, node):
        name = _name(node.func)
        if name in TRANSLATE_FUNCTIONS:
            return  # whatever is inside is translated (or a format argument)
        for keyword in node.keywords:
            if keyword.arg in TEXT_KEYWORDS and _is_plain_text(keyword.value):
                self._add(keyword.value, keyword.arg)
            if keyword.arg in {"message", "error_messages"} and _is_plain_text(keyword.value):
                self._add(keyword.value, keyword.arg)
            if keyword.arg == "choices" and isinstance(keyword.value, ast.List | ast.Tuple):
                for choice in keyword.value.elts:
                    if isinstance(choice, ast.Tuple) and _is_plain_text(choice.elts[-1]):
                        self._add(choice.elts[-1], "choice label")
        position = {**MESSAGE_CALLS, **ERROR_CALLS}.get(name)
        if position is not None and len(node.args) > position:
            if name in MESSAGE_CALLS and not (
                isinstance(node.func, ast.Attribute)
                and _name(node.func.value) in {"messages", "self", "modeladmin"}
            ):
                pass
            elif _is_plain_text(node.args[position]):
                self._add(node.args[position], name)
        self.generic_visit(node)

    def visit_Assign(self, node):
        for target in node.targets:
            # errors["field"] = "..." before raise ValidationError(errors)
            if isinstance(target, ast.Subscript) and _name(target.value).endswith("errors"):
                if _is_plain_text(node.value):
                    self._add(node.value, "error message")
            # form.fields["x"].help_text = "...", or a class attribute
            elif _name(target) in TEXT_KEYWORDS and _is_plain_text(node.value):
                self._add(node.value, _name(target))
        self.generic_visit(node)

    def visit_Tuple(self, node):
        # An admin fieldset: ("Title", {"fields": [...], "description": "..."})
        if (
            len(node.elts) == 2
            and isinstance(node.elts[1], ast.Dict)
            and any(
                isinstance(key, ast.Constant) and key.value == "fields" for key in node.elts[1].keys
            )
        ):
            if _is_plain_text(node.elts[0]):
                self._add(node.elts[0], "fieldset title")
            for key, value in zip(node.elts[1].keys, node.elts[1].values, strict=True):
                is_description = isinstance(key, ast.Constant) and key.value == "description"
                if is_description and _is_plain_text(value):
                    self._add(value, "fieldset description")
        self.generic_visit(node)

    def visit_JoinedStr(self, node):
        # xgettext does not look inside an f-string: f"({_('new row')})" never reaches the
        # catalogs.
        for part in node.values:
            for inner in ast.walk(part):
                if isinstance(inner, ast.Call) and _name(inner.func) in TRANSLATE_FUNCTIONS:
                    self._add(inner, "translation inside an f-string, unseen by gettext")
        self.generic_visit(node)

    def visit_ImportFrom(self, node):
        # makemessages finds only the names xgettext knows: gettext_lazy imported as _lazy
        # would hide every string marked with it from the catalogs.
        if node.module == "django.utils.translation":
            for alias in node.names:
                if alias.asname not in {None, "_"}:
                    self._add(node, "translation function under a name gettext does not know")
        self.generic_visit(node)

    def visit_ClassDef(self, node):
        bases = {_name(base) for base in node.bases}
        for statement in node.body:
            if not isinstance(statement, ast.Assign):
                continue
            targets = {_name(target) for target in statement.targets}
            value = statement.value
            if bases & CHOICES_BASES and not targets & {"do_not_call_in_templates"}:
                label = value.elts[-1] if isinstance(value, ast.Tuple) else None
                if label is None or _is_plain_text(label):
                    self._add(value, "choice without a translated label")
            elif targets & {"site_header", "site_title", "index_title"} and _is_plain_text(value):
                self._add(value, "admin text")
        self.generic_visit(node)


def plain_python_text(source: str) -> list[tuple[int, str]]:
    visitor = _PlainText()
    visitor.visit(ast.parse(source))
    return visitor.found


def test_the_checker_finds_plain_python_text():
    source = """
class Kind(models.TextChoices):
    A = "a", _("A")
    B = "b", "B"
    C = "c"
name = models.CharField(help_text="Plain", verbose_name=_("ok"))
messages.success(request, f"Published {n} cases.")
raise ValidationError({"date": "Bad date."})
"""
    assert [line for line, _why in plain_python_text(source)] == [4, 5, 6, 7, 8]


def test_the_checker_finds_translations_gettext_cannot_see():
    source = """
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _lazy
title = f"{title} ({_('new row')})"
"""
    assert [line for line, _why in plain_python_text(source)] == [4, 5]


@pytest.mark.parametrize("path", python_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_python_text_is_translatable(path):
    assert plain_python_text(path.read_text()) == []


# --- gettext finds them -----------------------------------------------------------------


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="gettext tools not installed")
def test_makemessages_extracts_the_strings(extracted_catalog):
    """``makemessages`` (run on a copy, so the tree is untouched) finds the interface's
    strings, including the plural forms."""
    catalog = extracted_catalog.read_text()
    msgids = re.findall(r'^msgid "(.+)"$', catalog, re.M)
    assert len(msgids) > 800
    assert "msgid_plural" in catalog
    for expected in ("Solo picket", "not reported", "Sources", "Administrative detention"):
        assert f'msgid "{expected}"' in catalog


# --- model labels -------------------------------------------------------------------------


def our_models() -> list[type[models.Model]]:
    """The models of the project's own apps. simple-history's copies are left out: their
    columns are copies of ours (with our labels) plus the library's own history columns."""
    return [
        model
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and not SKIP_DIRS & set(Path(config.path).parts)
        for model in config.get_models()
        if not issubclass(model, HistoricalChanges)
    ]


def unlabelled_fields(model: type[models.Model]) -> list[str]:
    """The fields of ``model`` whose label is not lazily translated: without an explicit
    ``verbose_name=_("…")`` Django makes one from the attribute name, which no catalog holds."""
    return [
        field.name
        for field in model._meta.get_fields()
        if (field.concrete or field.many_to_many)
        and not field.auto_created
        and not isinstance(field.verbose_name, Promise)
    ]


def unlabelled_model_names(model: type[models.Model]) -> list[str]:
    """``verbose_name`` and ``verbose_name_plural`` when ``Meta`` does not give them as
    translated text (Django's defaults, "court role" and "court roles", are English)."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(model)))
    meta = next(
        (
            node
            for node in tree.body[0].body
            if isinstance(node, ast.ClassDef) and node.name == "Meta"
        ),
        None,
    )
    given = {
        _name(target)
        for node in (meta.body if meta else [])
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and _name(node.value.func) in TRANSLATE_FUNCTIONS
        for target in node.targets
    }
    return sorted({"verbose_name", "verbose_name_plural"} - given)


@isolate_apps("tests")
def test_the_label_checks_find_english_labels():
    class Unlabelled(models.Model):
        plain = models.CharField(max_length=10, verbose_name="plain")
        unnamed = models.CharField(max_length=10)
        labelled = models.CharField(max_length=10, verbose_name=_("labelled"))

        class Meta:
            app_label = "tests"
            verbose_name = _("unlabelled")

        def __str__(self):
            return self.plain

    assert unlabelled_fields(Unlabelled) == ["plain", "unnamed"]
    assert unlabelled_model_names(Unlabelled) == ["verbose_name_plural"]


def test_our_apps_have_models():
    labels = {model._meta.label for model in our_models()}
    assert {"events.Proceeding", "people.Person", "publishing.Revision"} <= labels


@pytest.mark.parametrize("model", our_models(), ids=lambda model: model._meta.label)
def test_model_labels_are_translatable(model):
    assert unlabelled_fields(model) == []
    assert unlabelled_model_names(model) == []
