"""F20: page content within Notion's payload limits, chunked in order, deep nesting appended."""

from __future__ import annotations

import json

from notion_setup.notion.body import MAX_BYTES, append_blocks, children_of, split_for_create
from notion_setup.notion.markdown import markdown_to_blocks
from notion_setup.notion.results import plain_text

from .conftest import GatewayFactory
from .gateway_fakes import ROOT, FakeNotion, create_page_body


def para(text: str) -> dict:
    return {"type": "paragraph", "paragraph": {"rich_text": [{"text": {"content": text}}]}}


def bullet(text: str, children: list[dict] | None = None) -> dict:
    data: dict = {"rich_text": [{"text": {"content": text}}]}
    if children:
        data["children"] = children
    return {"type": "bulleted_list_item", "bulleted_list_item": data}


def depth(blocks: list[dict]) -> int:
    return max((1 + depth(children_of(b)) for b in blocks), default=0)


def count(blocks: list[dict]) -> int:
    return sum(1 + count(children_of(b)) for b in blocks)


def check_limits(fake: FakeNotion) -> None:
    """Every request the fake received respects Notion's payload limits."""
    for body in fake.bodies:
        children = (body or {}).get("children") or []
        assert len(children) <= 100
        assert depth(children) <= 2
        assert count(children) <= 1000
        assert len(json.dumps(body).encode()) <= 500_000


def tree(fake: FakeNotion, parent: str) -> list[tuple[str, list]]:
    """The stored content under ``parent``: (text, children) in order."""
    out = []
    for block in fake.children.get(parent, []):
        data = block.get(block["type"], {})
        out.append((plain_text(data.get("rich_text", [])), tree(fake, block["id"])))
    return out


def expected(blocks: list[dict]) -> list[tuple[str, list]]:
    return [
        (plain_text(b[b["type"]].get("rich_text", [])), expected(children_of(b))) for b in blocks
    ]


def create_with(gateway, blocks: list[dict]) -> str:
    head, tail = split_for_create(blocks)
    body = create_page_body("Page")
    if head:
        body["children"] = head
    page = gateway.write("POST", "pages", body=body, parent_id=ROOT)
    append_blocks(gateway, page["id"], tail, existing_children=len(head))
    return str(page["id"])


def test_small_content_fits_in_the_create():
    blocks = [para(str(i)) for i in range(100)]
    assert split_for_create(blocks) == (blocks, [])


def test_101st_block_goes_to_the_tail():
    blocks = [para(str(i)) for i in range(101)]
    head, tail = split_for_create(blocks)
    assert (len(head), tail) == (100, [blocks[100]])


def test_depth_three_stops_the_head_at_that_block():
    deep = bullet("a", [bullet("b", [bullet("c")])])
    head, tail = split_for_create([para("x"), deep, para("y")])
    assert head == [para("x")] and tail == [deep, para("y")]


def test_thousand_block_limit_stops_the_head():
    blocks = [bullet(str(i), [para("c")] * 9) for i in range(101)]  # 10 blocks each
    head, _ = split_for_create(blocks)
    assert len(head) == 100 and count(head) == 1000
    blocks = [bullet(str(i), [para("c")] * 19) for i in range(60)]  # 20 blocks each
    head, tail = split_for_create(blocks)
    assert (len(head), len(tail)) == (50, 10)


def test_size_limit_stops_the_head():
    big = para("x" * 2000)
    per_block = len(json.dumps([big]).encode())
    blocks = [big] * 100
    head, _ = split_for_create(blocks)
    assert len(head) == min(100, MAX_BYTES // per_block)


def test_F20_long_page_is_chunked_in_order(fake: FakeNotion, make_gateway: GatewayFactory):
    gateway = make_gateway()
    blocks = [para(f"p{i}") for i in range(345)]
    page_id = create_with(gateway, blocks)
    assert tree(fake, page_id) == expected(blocks)
    assert fake.count("PATCH", f"blocks/{page_id}/children") == 3  # 245 = 100 + 100 + 45
    check_limits(fake)


def test_F20_deep_nesting_is_appended_to_created_blocks(fake: FakeNotion, make_gateway):
    gateway = make_gateway()
    blocks = [
        para("intro"),
        bullet("1", [bullet("1.1", [bullet("1.1.1", [bullet("1.1.1.1")])]), bullet("1.2")]),
        bullet("2", [para(f"leaf {i}") for i in range(130)]),
        para("outro"),
    ]
    page_id = create_with(gateway, blocks)
    assert tree(fake, page_id) == expected(blocks)
    check_limits(fake)
    assert not any(m == "GET" for m, _, _ in fake.log)  # ids come from the append responses


def test_F20_table_with_more_than_100_rows(fake: FakeNotion, make_gateway: GatewayFactory):
    md = "| n | sq |\n|---|---|\n" + "".join(f"| {i} | {i * i} |\n" for i in range(150))
    blocks = markdown_to_blocks(md)
    gateway = make_gateway()
    page_id = create_with(gateway, blocks)
    (table,) = fake.children[page_id]
    rows = fake.children[table["id"]]
    assert len(rows) == 151
    assert plain_text(rows[150]["table_row"]["cells"][1]) == str(149 * 149)
    check_limits(fake)


def test_F20_markdown_page_with_everything(fake: FakeNotion, make_gateway: GatewayFactory):
    md = "\n\n".join(
        ["# Title", "x" * 5000, "- a\n  - b\n    - c\n      - d", "> 💡 tip"] + ["para"] * 120
    )
    blocks = markdown_to_blocks(md)
    page_id = create_with(make_gateway(), blocks)
    assert tree(fake, page_id) == expected(blocks)
    check_limits(fake)


def test_partial_committed_children_resends_only_the_rest(fake: FakeNotion, make_gateway):
    gateway = make_gateway()
    page = gateway.write("POST", "pages", body=create_page_body("P"), parent_id=ROOT)
    path = f"blocks/{page['id']}/children"

    calls = {"n": 0}
    original = fake.handle

    def partial(request):  # commits all three, but reports only two ids (the first time)
        response = original(request)
        if request.method == "PATCH" and calls["n"] == 0:
            calls["n"] += 1
            ids = [b["id"] for b in json.loads(response.content)["results"]]
            fake.children[page["id"]].pop()  # only two really landed
            import httpx

            return httpx.Response(
                503,
                json={
                    "object": "error",
                    "status": 503,
                    "code": "service_unavailable",
                    "message": "saved",
                    "additional_data": {"committed_child_ids": ids[:2]},
                },
            )
        return response

    import httpx

    gateway = make_gateway(transport=httpx.MockTransport(partial))
    append_blocks(gateway, page["id"], [para("a"), para("b"), para("c")], existing_children=0)
    assert [t for t, _ in tree(fake, page["id"])] == ["a", "b", "c"]
    assert fake.count("PATCH", path) == 2
