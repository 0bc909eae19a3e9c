"""Reading a DLT portal's template export: CSV as portals write it (any common spelling of each
column, in any case, a byte-order mark, quoted cells over several lines), a JSON or YAML list of
objects, and a one-line error naming the file and the line for one that cannot be read."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from diagnose.outgoing.templates import DltTemplate, DltTemplates, TemplatesError, load_templates, read_templates

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "outgoing" / "dlt-templates.csv"
CONTENT = "Dear {#var#}, your order {#var#} has shipped. - SHOPIN"


def test_the_example_export_is_read_with_the_columns_it_names() -> None:
    templates = load_templates(str(EXAMPLE))
    assert len(templates) == 4
    first = templates.get("1107161234567890123")
    assert first is not None and first.name == "order-shipped" and first.headers == ("SHOPIN", "SHOPNW")
    assert first.content.endswith("has shipped.\nTrack it at {#var#} - SHOPIN")  # a quoted cell over two lines
    assert first.where == "line 2" and first.status == "Approved" and first.kind == "Service Implicit"
    assert dict(templates.columns) == {
        "template_id": "Template ID",
        "content": "Template Content",
        "headers": "Header(s)",
        "kind": "Template Type",
        "status": "Status",
        "name": "Template Name",
    }
    assert "columns read: template id 'Template ID'" in templates.described()
    assert pickle.loads(pickle.dumps(templates)) == templates


@pytest.mark.parametrize(
    ("id_column", "content_column", "headers_column"),
    [
        ("template id", "content", "header"),
        ("Content Template ID", "Template Content", "Sender IDs"),
        ("TEMPLATE_ID", "MESSAGE", "HEADERS"),
        ("DLT Template ID", "template text", "Sender ID"),
        ("template-id", "Content", "Header(s)"),
    ],
)
def test_common_spellings_of_each_column_are_read_in_any_case(
    id_column: str, content_column: str, headers_column: str
) -> None:
    text = f'{id_column},{content_column},{headers_column}\n1107161234567890123,"{CONTENT}","SHOPIN, SHOPNW"\n'
    templates = read_templates(text, "export.csv")
    template = templates.get("1107161234567890123")
    assert template == DltTemplate(
        template_id="1107161234567890123", content=CONTENT, headers=("SHOPIN", "SHOPNW"), where="line 2"
    )
    assert dict(templates.columns) == {"template_id": id_column, "content": content_column, "headers": headers_column}


def test_a_byte_order_mark_crlf_semicolons_and_blank_lines_are_read() -> None:
    data = (f'\ufeffTemplate ID;Template Content\r\n\r\n1107161234567890123;"{CONTENT}"\r\n').encode()
    templates = read_templates(data, "export.csv")
    assert [t.template_id for t in templates.templates] == ["1107161234567890123"]
    assert templates.templates[0].content == CONTENT and templates.templates[0].where == "line 3"


def test_a_spreadsheets_quote_mark_before_a_long_id_is_not_part_of_it() -> None:
    templates = read_templates(f"template id,content\n'1107161234567890123,{CONTENT.replace(',', '')}\n")
    assert templates.get("1107161234567890123") is not None


def test_a_json_and_a_yaml_list_of_objects_are_read() -> None:
    json_text = f'[{{"template_id": "1107161234567890123", "content": "{CONTENT}", "headers": ["SHOPIN"]}}]'
    yaml_text = f'- template_id: "1107161234567890123"\n  content: "{CONTENT}"\n  headers: [SHOPIN]\n'
    wrapped = f'{{"templates": {json_text}}}'
    for text, name in ((json_text, "t.json"), (yaml_text, "t.yaml"), (wrapped, "t.json")):
        templates = read_templates(text, name)
        assert templates.templates == (
            DltTemplate(template_id="1107161234567890123", content=CONTENT, headers=("SHOPIN",), where="item 1"),
        )
    assert read_templates(yaml_text, "templates").get("1107161234567890123") is not None  # YAML told by its shape


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("name,header\nx,SHOPIN\n", "t.csv: line 1: no column for template id (one of: template id,"),
        ("template id,name\n1,x\n", "t.csv: line 1: no column for content (one of: content,"),
        ('template id,content\n1,"Dear {#var#}\n', "t.csv: line 2: not CSV"),
        ("template id,content\n1,Hi,extra\n", "t.csv: line 2: 3 cells, but the header row has 2 columns"),
        ("template id,content\n,Hi {#var#}\n", "t.csv: line 2: the template id is empty"),
        ("template id,content\n7,\n", "t.csv: line 2: template 7's content is empty"),
        ("template id,content\n7,Hi\n7,Ho\n", "t.csv: line 3: template id 7 is also at line 2, with another content"),
        ("template id,content\n", "t.csv: a header row, but no template"),
        ("   \n", "t.csv: empty, no template in it"),
        ('[{"template_id": "1"}]', "t.csv: item 1: no column for content"),
        ('[{"template_id": "1", "content": "x"}, 3]', "t.csv: item 2: not an object"),
        ('[{"template_id": "1", "content": {"a": 1}}]', "t.csv: item 1: a value is dict, not text"),
        ('{"template_id": "1"', "t.csv: line 1: not JSON"),
        ('{"a": 1}', "t.csv: not a list of templates"),
        ("- template_id: [1\n", "t.csv: line 2: not YAML"),
    ],
)
def test_an_export_that_cannot_be_read_is_one_line_naming_the_file_and_the_line(text: str, said: str) -> None:
    with pytest.raises(TemplatesError) as raised:
        read_templates(text, "t.csv")
    message = str(raised.value)
    assert message.startswith(said), message
    assert "\n" not in message


def test_bytes_that_are_not_utf8_and_files_that_cannot_be_read_are_errors(tmp_path: Path) -> None:
    with pytest.raises(TemplatesError, match=r"^t.csv: not UTF-8 \(a byte that does not decode at byte 12\)$"):
        read_templates(b"template id,\xff", "t.csv")
    with pytest.raises(TemplatesError, match="cannot be read"):
        load_templates(str(tmp_path / "missing.csv"))
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 100)
    with pytest.raises(TemplatesError, match="larger than 10 bytes"):
        load_templates(str(big), max_bytes=10)


def test_the_same_template_twice_is_read_once() -> None:
    templates = read_templates(f'template id,content\n7,"{CONTENT}"\n7,"{CONTENT}"\n')
    assert len(templates) == 1 and isinstance(templates, DltTemplates)
