package io.orpheus.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A horizontal bar chart written as PNG with Java2D (headless). Drawn here rather than with a
 * charting library so the bench bundle carries no embedded dependencies into the OSGi container.
 */
public final class BarChart {

    /** One bar: its label, its value, and the series (colour) it belongs to. */
    public record Bar(String label, double value, String series) {
    }

    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
            new Color(0xd62728), new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private BarChart() {
    }

    public static void write(Path file, String title, String unit, List<Bar> bars) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int rowH = 18;
        int width = 1000;
        List<String> series = bars.stream().map(Bar::series).distinct().toList();
        int legendH = series.size() > 1 ? 20 * series.size() : 0;
        int height = 60 + rowH * Math.max(1, bars.size()) + legendH + 30;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            FontMetrics fm = g.getFontMetrics();
            int labelW = 0;
            for (Bar b : bars) {
                labelW = Math.max(labelW, fm.stringWidth(b.label()));
            }
            labelW = Math.min(labelW, width / 2);
            double max = bars.stream().mapToDouble(Bar::value).filter(Double::isFinite).max().orElse(1);
            max = max <= 0 ? 1 : max;
            int x0 = 15 + labelW;
            int plotW = width - x0 - 110;
            int y = 45;
            for (Bar b : bars) {
                int len = (int) Math.round(plotW * Math.max(0, b.value()) / max);
                g.setColor(PALETTE[series.indexOf(b.series()) % PALETTE.length]);
                g.fillRect(x0, y, Math.max(1, len), rowH - 4);
                g.setColor(Color.BLACK);
                g.drawString(clip(b.label(), fm, labelW), 10, y + rowH - 7);
                g.drawString(String.format(Locale.ROOT, "%.3f %s", b.value(), unit), x0 + len + 5, y + rowH - 7);
                y += rowH;
            }
            if (series.size() > 1) {
                y += 10;
                for (int i = 0; i < series.size(); i++) {
                    g.setColor(PALETTE[i % PALETTE.length]);
                    g.fillRect(10, y + 20 * i, 12, 12);
                    g.setColor(Color.BLACK);
                    g.drawString(series.get(i), 28, y + 20 * i + 11);
                }
            }
        } finally {
            g.dispose();
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            java.nio.file.Files.createDirectories(parent);
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    private static String clip(String s, FontMetrics fm, int w) {
        if (fm.stringWidth(s) <= w) {
            return s;
        }
        String t = s;
        while (t.length() > 1 && fm.stringWidth(t + "...") > w) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "...";
    }
}
