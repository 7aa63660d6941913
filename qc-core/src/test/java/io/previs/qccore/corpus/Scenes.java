package io.previs.qccore.corpus;

/** Builds the footage of a content type; a different seed gives a different shot. */
final class Scenes {

  private Scenes() {}

  static Scene create(Content content, int width, int height, int frames, long seed) {
    Assets a = Assets.get();
    return switch (content) {
      case PAN_PHOTO -> CameraScene.pan(a.photo, width, height, frames, seed);
      case ZOOM_PHOTO -> CameraScene.zoom(a.photo, width, height, frames, seed);
      case PAN_TEXTURE -> CameraScene.pan(a.texture(seed, width), width, height, frames, seed);
      case ZOOM_TEXTURE -> CameraScene.zoom(a.texture(seed, width), width, height, frames, seed);
      case MOVING_FACE ->
          new FaceScene(a.texture(seed, width), a.head, width, height, frames, seed);
      case ORACLE -> new OracleScene(seed);
      case STATIC -> {
        Scene base =
            seed % 2 == 0
                ? CameraScene.pan(a.photo, width, height, frames, seed)
                : CameraScene.pan(a.texture(seed, width), width, height, frames, seed);
        yield new StaticScene(base, width, height, seed % 3 == 0 ? 0 : 1.5, seed);
      }
    };
  }
}
