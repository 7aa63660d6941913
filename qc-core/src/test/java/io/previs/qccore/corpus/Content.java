package io.previs.qccore.corpus;

/** The kinds of clean footage the corpus is made of. */
enum Content {
  /** Camera pans across the astronaut photo (the face is in view for part of the pan). */
  PAN_PHOTO,
  /** Camera zooms in or out on the astronaut photo. */
  ZOOM_PHOTO,
  /** Camera pans across a procedural scene. */
  PAN_TEXTURE,
  /** Camera zooms in or out on a procedural scene. */
  ZOOM_TEXTURE,
  /** The astronaut's head moves across a slowly panning procedural background. */
  MOVING_FACE,
  /** The oracle bundle's rendered output: drifting blobs and travelling waves. */
  ORACLE,
  /** A locked-off shot with no motion (with or without sensor noise): static by design. */
  STATIC
}
