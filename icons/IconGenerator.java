import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.geom.Path2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Draws the console's icons (64 px PNGs, scaled down when loaded). Plain Java, no dependencies:
 *   java icons/IconGenerator.java icons
 * One icon per state kind (see StateIcon in console-app) and the app icon.
 */
public class IconGenerator {
    static final int S = 64;

    public static void main(String[] args) throws Exception {
        File dir = new File(args.length > 0 ? args[0] : ".");
        write(dir, "state-normal.png", circle(new Color(0x2e9d4f), g -> {
            g.draw(path(18, 33, 28, 43, 47, 22));
        }));
        write(dir, "state-backup.png", circle(new Color(0x2f6fd0), g -> {
            g.draw(path(16, 25, 46, 25));
            g.draw(path(39, 18, 46, 25, 39, 32));
            g.draw(path(48, 40, 18, 40));
            g.draw(path(25, 33, 18, 40, 25, 47));
        }));
        write(dir, "state-idle.png", circle(new Color(0x8a8f98), g -> {
            g.draw(path(25, 20, 25, 44));
            g.draw(path(39, 20, 39, 44));
        }));
        write(dir, "state-transitional.png", circle(new Color(0xe0a100), g -> {
            g.draw(new Arc2D.Double(17, 17, 30, 30, 90, 270, Arc2D.OPEN));
            g.draw(path(32, 10, 39, 17, 32, 24));
        }));
        write(dir, "state-failed.png", circle(new Color(0xd13b3b), g -> {
            g.draw(path(21, 21, 43, 43));
            g.draw(path(43, 21, 21, 43));
        }));
        write(dir, "state-unknown.png", circle(new Color(0x6b4fa3), g -> {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 38));
            var fm = g.getFontMetrics();
            g.drawString("?", (S - fm.stringWidth("?")) / 2f, 45f);
        }));
        write(dir, "app-icon.png", app());
    }

    interface Painter {
        void paint(Graphics2D g);
    }

    static BufferedImage circle(Color c, Painter symbol) {
        BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = start(img);
        g.setPaint(new GradientPaint(0, 0, c.brighter(), 0, S, c.darker()));
        g.fillOval(2, 2, S - 4, S - 4);
        g.setColor(c.darker().darker());
        g.setStroke(new BasicStroke(2f));
        g.drawOval(2, 2, S - 4, S - 4);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(6.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        symbol.paint(g);
        g.dispose();
        return img;
    }

    static BufferedImage app() {
        BufferedImage img = new BufferedImage(S, S, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = start(img);
        g.setColor(new Color(0x2f6fd0));
        g.fill(new RoundRectangle2D.Double(3, 9, 36, 46, 10, 10));
        g.setColor(new Color(0x2e9d4f));
        g.fill(new RoundRectangle2D.Double(25, 9, 36, 46, 10, 10));
        g.setColor(new Color(255, 255, 255, 90));
        g.fill(new RoundRectangle2D.Double(25, 9, 14, 46, 4, 4));
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(path(6, 34, 20, 34, 26, 20, 33, 46, 39, 28, 44, 34, 58, 34));
        g.dispose();
        return img;
    }

    static Graphics2D start(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        return g;
    }

    static Path2D path(double... xy) {
        Path2D p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        return p;
    }

    static void write(File dir, String name, BufferedImage img) throws Exception {
        ImageIO.write(img, "png", new File(dir, name));
    }
}
