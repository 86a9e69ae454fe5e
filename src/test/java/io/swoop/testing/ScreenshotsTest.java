package io.swoop.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** {@link Screenshots}: a screenshot is blank unless enough of it differs from its background. */
class ScreenshotsTest {
  private static byte[] png(Color background, Color ink, int inkWidth, int inkHeight)
      throws IOException {
    BufferedImage img = new BufferedImage(1280, 900, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(background);
    g.fillRect(0, 0, 1280, 900);
    g.setColor(ink);
    g.fillRect(100, 100, inkWidth, inkHeight);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  @Test
  void singleColourIsBlank() throws Exception {
    Screenshots.Stats s = Screenshots.stats(png(Color.WHITE, Color.WHITE, 10, 10));

    assertTrue(s.blank(), s::toString);
    assertEquals(1, s.colours());
    assertEquals(0, s.differing());
  }

  @Test
  void strayMarkIsBlank() throws Exception {
    Screenshots.Stats s = Screenshots.stats(png(Color.WHITE, Color.BLACK, 3, 3));

    assertTrue(s.blank(), s::toString);
    assertEquals(9, s.differing());
    assertEquals(2, s.colours());
  }

  @Test
  void contentOnAnyBackgroundIsNotBlank() throws Exception {
    Screenshots.Stats s = Screenshots.assertNotBlank(png(Color.DARK_GRAY, Color.ORANGE, 200, 40));

    assertFalse(s.blank());
    assertEquals(Color.DARK_GRAY.getRGB(), s.background());
    assertEquals(8000, s.differing());
  }

  @Test
  void nearBackgroundShadeDoesNotCount() throws Exception {
    Screenshots.Stats s = Screenshots.stats(png(Color.WHITE, new Color(250, 250, 250), 400, 400));

    assertTrue(s.blank(), s::toString);
    assertEquals(2, s.colours());
  }

  @Test
  void blankScreenshotFailsWithWhatItHolds() throws Exception {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> Screenshots.assertNotBlank(png(Color.WHITE, Color.WHITE, 1, 1)));

    assertEquals(
        "the screenshot is blank: 1280x900, background #ffffffff, 0 pixels differ from it, 1"
            + " colours",
        e.getMessage());
  }

  @Test
  void notAnImageFailsSaying() {
    IOException e = assertThrows(IOException.class, () -> Screenshots.stats(new byte[] {1, 2, 3}));

    assertEquals("not an image ImageIO can read (3 bytes)", e.getMessage());
  }
}
