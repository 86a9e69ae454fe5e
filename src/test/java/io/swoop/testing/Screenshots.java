package io.swoop.testing;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/** Whether a PNG screenshot shows something: enough pixels unlike its background, in colours. */
public final class Screenshots {
  /** Channel difference below which a pixel counts as background (anti-aliasing fringe). */
  private static final int TOLERANCE = 16;

  /** Fewer differing pixels than this is a stray mark, not content. */
  private static final long MIN_PIXELS = 100;

  /** ... and so is less than this share of the image (1 in 2000: ~575 pixels of 1280x900). */
  private static final long MIN_SHARE = 2000;

  private Screenshots() {}

  /**
   * What a screenshot holds: {@code background} is its most common colour (ARGB), {@code differing}
   * the pixels unlike it, {@code colours} the distinct colours.
   */
  public record Stats(int width, int height, int background, long differing, int colours) {
    public boolean blank() {
      long needed = Math.max(MIN_PIXELS, (long) width * height / MIN_SHARE);
      return colours < 2 || differing < needed;
    }

    @Override
    public String toString() {
      return String.format(
          "%dx%d, background #%08x, %d pixels differ from it, %d colours",
          width, height, background, differing, colours);
    }
  }

  public static Stats stats(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    if (img == null) {
      throw new IOException("not an image ImageIO can read (" + png.length + " bytes)");
    }
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    Map<Integer, Integer> counts = new HashMap<>();
    for (int c : argb) {
      counts.merge(c, 1, Integer::sum);
    }
    int background =
        counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    long differing = 0;
    for (int c : argb) {
      if (distance(c, background) > TOLERANCE) {
        differing++;
      }
    }
    return new Stats(w, h, background, differing, counts.size());
  }

  /** Fails, with what the screenshot holds, unless it shows something. */
  public static Stats assertNotBlank(byte[] png) throws IOException {
    Stats s = stats(png);
    if (s.blank()) {
      throw new AssertionError("the screenshot is blank: " + s);
    }
    return s;
  }

  private static int distance(int a, int b) {
    int max = 0;
    for (int shift = 0; shift <= 24; shift += 8) {
      max = Math.max(max, Math.abs(((a >>> shift) & 0xff) - ((b >>> shift) & 0xff)));
    }
    return max;
  }
}
