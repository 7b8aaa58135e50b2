"""Driving the journey canvas the way a person does: drag from the palette, drag handles.

React Flow ignores the first mouse move of a drag, so every drag moves 1 px first and
then travels in steps.
"""
from __future__ import annotations


def node(page, node_id: str):
    return page.get_by_test_id(f"node-{node_id}")


def centre(locator) -> tuple[float, float]:
    box = locator.bounding_box()
    assert box, f"{locator} is not on screen"
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def drop_from_palette(page, label: str, x: float, y: float) -> None:
    """Drag the palette item ``label`` and drop it at page coordinates (x, y) on the canvas."""
    canvas = page.locator(".canvas")
    box = canvas.bounding_box()
    page.locator(".palette").get_by_role("button", name=label, exact=True).drag_to(
        canvas, target_position={"x": x - box["x"], "y": y - box["y"]})


def drag(page, start: tuple[float, float], end: tuple[float, float], steps: int = 12) -> None:
    """Press at ``start``, move 1 px (React Flow ignores the first move), travel to ``end``, release."""
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 1, start[1] + 1)
    page.mouse.move(*end, steps=steps)
    page.mouse.up()


def connect(page, source: str, target: str, branch: str | None = None) -> None:
    """Draw an edge from ``source``'s output (``branch`` names a labelled one) to ``target``."""
    handles = node(page, source).locator(".react-flow__handle.source")
    handle = handles if branch is None else node(page, source).locator(
        f'.react-flow__handle.source[data-handleid="{branch}"]')
    drag(page, centre(handle), centre(node(page, target).locator(".react-flow__handle.target")))


def edge_count(page) -> int:
    return page.locator(".react-flow__edge").count()
