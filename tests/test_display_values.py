"""Display values as in IPython: html(…) and friends are values; display(x) shows x once and returns a handle."""
import base64
import os
import struct
import tempfile
import zlib

from conftest import Kernel


def test_display_of_html_shows_it_exactly_once(kernel: Kernel):
    r = kernel.ok('display(html("<b>x</b>"))')
    shown = r.of("display_data")
    assert len(shown) == 1, shown
    assert shown[0]["content"]["data"]["text/html"] == "<b>x</b>"
    assert r.of("execute_result") == []  # the handle display(…) returns is not a second output


def test_a_display_value_renders_as_the_last_expression(kernel: Kernel):
    r = kernel.ok('html("<i>last</i>")')
    assert r.of("display_data") == []
    data = r.of("execute_result")[0]["content"]["data"]
    assert data["text/html"] == "<i>last</i>"
    assert data["text/plain"] == "<HTML: <i>last</i>>"
    latex = kernel.ok('latex("$e^{i\\\\pi} + 1 = 0$")').of("execute_result")[0]["content"]["data"]
    assert latex["text/latex"] == "$e^{i\\pi} + 1 = 0$"
    assert latex["text/plain"].startswith("<LaTeX: ")


def test_a_display_value_not_returned_nor_displayed_shows_nothing(kernel: Kernel):
    r = kernel.ok('var m = markdown("**kept**");\nhtml("<b>dropped</b>");\nint after = 1;')
    assert r.of("display_data") == [] and r.of("execute_result") == []
    assert kernel.ok("m").of("execute_result")[0]["content"]["data"]["text/markdown"] == "**kept**"
    assert kernel.ok("String.valueOf(m)").result_text == "<Markdown: **kept**>"


def test_display_returns_a_handle_that_updates_in_place(kernel: Kernel):
    r = kernel.ok('var h = display(html("<p>step 1</p>"));\nh.update(html("<p>step 2</p>"));')
    shown = r.of("display_data")
    updated = r.of("update_display_data")
    assert len(shown) == 1 and len(updated) == 1
    assert shown[0]["content"]["transient"]["display_id"] == updated[0]["content"]["transient"]["display_id"]
    assert updated[0]["content"]["data"]["text/html"] == "<p>step 2</p>"


def test_an_update_from_a_later_cell_belongs_to_that_cell(kernel: Kernel):
    # as ipykernel: nbclient (nbconvert --execute) reads only the running cell's messages, then updates every
    # output with the display id; JupyterLab routes update_display_data by display id whatever its parent
    first = kernel.ok('var late = display(html("<p>v1</p>"));')
    display_id = first.of("display_data")[0]["content"]["transient"]["display_id"]
    later = kernel.ok('late.update(html("<p>v2</p>"));')
    updated = later.of("update_display_data")
    assert len(updated) == 1 and updated[0]["content"]["transient"]["display_id"] == display_id
    assert updated[0]["content"]["data"]["text/html"] == "<p>v2</p>"


def png(width, height):
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_image_from_a_path_and_from_bytes(kernel: Kernel):
    data = png(4, 3)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "red.png")
        with open(path, "wb") as f:
            f.write(data)
        r = kernel.ok(f'image("{path}")')
        bundle = r.of("execute_result")[0]["content"]["data"]
        assert base64.b64decode(bundle["image/png"]) == data
        assert bundle["text/plain"] == f"<Image: PNG 4×3, {len(data)} bytes>"
        shown = kernel.ok(f'display(image(Files.readAllBytes(Path.of("{path}"))));').of("display_data")
        assert len(shown) == 1 and base64.b64decode(shown[0]["content"]["data"]["image/png"]) == data


def test_image_of_bytes_that_are_no_image_is_one_line(kernel: Kernel):
    r = kernel.execute("image(new byte[] {1, 2, 3})")
    assert r.status == "error"
    assert r.reply["content"]["evalue"] == "These 3 bytes are not a PNG, JPEG, GIF, WebP or SVG image"
