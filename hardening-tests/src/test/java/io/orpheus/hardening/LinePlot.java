package io.orpheus.hardening;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Stacked line charts sharing one x axis (one panel per series, each scaled from zero to its own
 * maximum), drawn headless into a PNG.
 */
final class LinePlot {

    private static final int WIDTH = 900;
    private static final int PANEL_HEIGHT = 260;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 40;
    private static final int BOTTOM = 40;
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0x9467bd), new Color(0xd62728),
        new Color(0x2ca02c)};

    /** A named series of y values, one per x. */
    record Series(String name, double[] y) {
    }

    private LinePlot() {
    }

    static void write(Path png, String title, String xLabel, double[] x, List<Series> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + series.size() * PANEL_HEIGHT + BOTTOM;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            g.drawString(title, LEFT, 25);
            double xMax = x.length == 0 ? 1 : Math.max(x[x.length - 1], 1e-9);
            for (int s = 0; s < series.size(); s++) {
                panel(g, TOP + s * PANEL_HEIGHT, x, xMax, series.get(s), COLOURS[s % COLOURS.length]);
            }
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            g.drawString(xLabel + " (0 to " + fmt(xMax) + ")", LEFT, height - 12);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", png.toFile())) {
            throw new IOException("no PNG writer for " + png);
        }
    }

    private static void panel(Graphics2D g, int top, double[] x, double xMax, Series s, Color colour) {
        int plotTop = top + 20;
        int plotHeight = PANEL_HEIGHT - 45;
        int plotWidth = WIDTH - LEFT - RIGHT;
        double yMax = 1e-9;
        for (double v : s.y()) {
            yMax = Math.max(yMax, v);
        }
        yMax *= 1.1;
        g.setColor(new Color(0xdddddd));
        for (int i = 0; i <= 4; i++) {
            int yy = plotTop + plotHeight - i * plotHeight / 4;
            g.drawLine(LEFT, yy, LEFT + plotWidth, yy);
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(s.name(), LEFT, top + 14);
        for (int i = 0; i <= 4; i++) {
            int yy = plotTop + plotHeight - i * plotHeight / 4;
            g.drawString(fmt(yMax * i / 4), 8, yy + 4);
        }
        g.drawRect(LEFT, plotTop, plotWidth, plotHeight);
        g.setColor(colour);
        g.setStroke(new BasicStroke(2f));
        for (int i = 1; i < x.length; i++) {
            int x0 = LEFT + (int) (x[i - 1] / xMax * plotWidth);
            int x1 = LEFT + (int) (x[i] / xMax * plotWidth);
            int y0 = plotTop + plotHeight - (int) (s.y()[i - 1] / yMax * plotHeight);
            int y1 = plotTop + plotHeight - (int) (s.y()[i] / yMax * plotHeight);
            g.drawLine(x0, y0, x1, y1);
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.1f", v);
    }
}
