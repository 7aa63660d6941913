package io.previs.qccore.face;

import org.bytedeco.opencv.opencv_core.Rect;

/** An axis-aligned box in analysis-frame pixels. */
record Box(double x, double y, double w, double h) {

  static Box of(Rect r, double offsetX, double offsetY) {
    return new Box(r.x() + offsetX, r.y() + offsetY, r.width(), r.height());
  }

  static Box centered(double cx, double cy, double w, double h) {
    return new Box(cx - w / 2, cy - h / 2, w, h);
  }

  double cx() {
    return x + w / 2;
  }

  double cy() {
    return y + h / 2;
  }

  double size() {
    return Math.sqrt(w * h);
  }

  double iou(Box o) {
    double ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
    double iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
    double inter = ix * iy;
    return inter / (w * h + o.w * o.h - inter);
  }

  /** Fraction of this box's area inside a frame of the given size. */
  double insideFraction(int frameW, int frameH) {
    double ix = Math.max(0, Math.min(x + w, frameW) - Math.max(x, 0));
    double iy = Math.max(0, Math.min(y + h, frameH) - Math.max(y, 0));
    return ix * iy / (w * h);
  }

  /** This box grown by {@code margin} of its size on every side. */
  Box grow(double margin) {
    return new Box(x - w * margin, y - h * margin, w * (1 + 2 * margin), h * (1 + 2 * margin));
  }
}
