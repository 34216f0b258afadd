"""Geometry for drawn-in-code anatomy: smooth curves and patterns without clip paths.

svglib supports neither SVG patterns nor reliable clipping, so hatching and
dot fills are computed here as plain lines and dots that stay inside a shape.
Points are (x, y) tuples; polygons are lists of points.
"""
from __future__ import annotations

import math


def catmull_rom(points, closed=True):
    """Cubic Bezier segments (p1, c1, c2, p2) of a smooth curve through every point."""
    n = len(points)
    segments = []
    for i in range(n if closed else n - 1):
        p0 = points[(i - 1) % n] if (closed or i > 0) else points[i]
        p1, p2 = points[i], points[(i + 1) % n]
        p3 = points[(i + 2) % n] if (closed or i + 2 < n) else p2
        c1 = (p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6)
        c2 = (p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6)
        segments.append((p1, c1, c2, p2))
    return segments


def smooth_path(points, closed=True):
    """SVG path data for the smooth curve through ``points``."""
    segments = catmull_rom(points, closed)
    parts = [f"M{segments[0][0][0]:.1f},{segments[0][0][1]:.1f}"]
    for _, c1, c2, p2 in segments:
        parts.append(f"C{c1[0]:.1f},{c1[1]:.1f} {c2[0]:.1f},{c2[1]:.1f} {p2[0]:.1f},{p2[1]:.1f}")
    return " ".join(parts) + (" Z" if closed else "")


def bezier_point(segment, t):
    p0, c1, c2, p3 = segment
    a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
    return (a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0],
            a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1])


def smooth_polygon(points, steps=10):
    """The smooth closed curve through ``points`` as a dense polygon."""
    return [bezier_point(segment, k / steps) for segment in catmull_rom(points)
            for k in range(steps)]


def inside(point, poly):
    """Even-odd test: is ``point`` inside the polygon?"""
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(poly, poly[1:] + poly[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def hatch_segments(poly, spacing, angle_deg, inset=3.0):
    """Parallel hatching lines, each cut to the inside of ``poly``."""
    a = math.radians(angle_deg)
    d, n = (math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))
    offsets = [p[0] * n[0] + p[1] * n[1] for p in poly]
    edges = list(zip(zip(poly, offsets), zip(poly[1:] + poly[:1], offsets[1:] + offsets[:1])))
    segments = []
    c = min(offsets) + spacing / 2
    while c < max(offsets):
        cuts = []
        for (p1, s1), (p2, s2) in edges:
            if (s1 - c) * (s2 - c) < 0:
                t = (c - s1) / (s2 - s1)
                x, y = p1[0] + t * (p2[0] - p1[0]), p1[1] + t * (p2[1] - p1[1])
                cuts.append(x * d[0] + y * d[1])
        cuts.sort()
        for t1, t2 in zip(cuts[::2], cuts[1::2]):
            if t2 - t1 > 2 * inset:  # stop short of the outline at both ends
                segments.append([(c * n[0] + t * d[0], c * n[1] + t * d[1])
                                 for t in (t1 + inset, t2 - inset)])
        c += spacing
    return segments


def dot_grid(poly, step, clearance=4.0):
    """Centres of a staggered grid of dots lying well inside ``poly``."""
    xs, ys = [p[0] for p in poly], [p[1] for p in poly]
    dots, row, y = [], 0, min(ys) + step / 2
    while y < max(ys):
        x = min(xs) + step / 2 + (step / 2 if row % 2 else 0)
        while x < max(xs):
            probes = [(x + dx, y + dy) for dx, dy in
                      ((0, 0), (clearance, 0), (-clearance, 0), (0, clearance), (0, -clearance))]
            if all(inside(p, poly) for p in probes):
                dots.append((x, y))
            x += step
        y += step * 0.87
        row += 1
    return dots


def clip_convex(subject, clip):
    """Sutherland-Hodgman: the polygon ``subject`` cut to the convex polygon ``clip``."""
    def side(p, a, b):
        return (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])

    area = sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(clip, clip[1:] + clip[:1]))
    orientation = 1 if area > 0 else -1
    output = subject
    for a, b in zip(clip, clip[1:] + clip[:1]):
        source, output = output, []
        for p, q in zip(source, source[1:] + source[:1]):
            sp, sq = side(p, a, b) * orientation, side(q, a, b) * orientation
            if sp >= 0:
                output.append(p)
            if (sp >= 0) != (sq >= 0):
                t = sp / (sp - sq)
                output.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return output


def band(line, half_widths):
    """A closed outline around a centre line, with a half-thickness at each point."""
    upper, lower = [], []
    for i, (x, y) in enumerate(line):
        (x0, y0), (x1, y1) = line[max(i - 1, 0)], line[min(i + 1, len(line) - 1)]
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = -(y1 - y0) / length, (x1 - x0) / length
        upper.append((x + nx * half_widths[i], y + ny * half_widths[i]))
        lower.append((x - nx * half_widths[i], y - ny * half_widths[i]))
    return upper + lower[::-1]


def ellipse_polygon(cx, cy, rx, ry, steps=40):
    angles = [2 * math.pi * k / steps for k in range(steps)]
    return [(cx + rx * math.cos(a), cy + ry * math.sin(a)) for a in angles]
