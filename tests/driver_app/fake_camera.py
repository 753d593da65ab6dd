"""A video for Chromium's fake camera: a printed barcode held in front of the lens, as a Y4M file."""

from pathlib import Path

import barcode

WIDTH, HEIGHT, FRAMES = 640, 480, 10
MODULE_PX = 3
BLACK, WHITE = 16, 235  # video levels of luma


def barcode_video(path: Path, kind: str, text: str) -> Path:
    """Writes a Y4M video (4:2:0, a few identical frames; Chromium loops it) of ``text`` as a ``kind`` barcode
    (``code128`` or ``ean13``) on white paper, and answers the path."""
    modules = barcode.get(kind, text).build()[0]
    width = len(modules) * MODULE_PX
    left = (WIDTH - width) // 2
    assert left >= 10 * MODULE_PX, "the barcode needs its quiet zone on both sides"
    row = bytearray([WHITE] * WIDTH)
    for i, bit in enumerate(modules):
        if bit == "1":
            row[left + i * MODULE_PX : left + (i + 1) * MODULE_PX] = bytes([BLACK]) * MODULE_PX
    blank = bytes([WHITE] * WIDTH)
    luma = b"".join(bytes(row) if HEIGHT // 4 <= y < 3 * HEIGHT // 4 else blank for y in range(HEIGHT))
    chroma = bytes([128]) * (WIDTH // 2 * HEIGHT // 2)
    header = f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + (b"FRAME\n" + luma + chroma + chroma) * FRAMES)
    return path
