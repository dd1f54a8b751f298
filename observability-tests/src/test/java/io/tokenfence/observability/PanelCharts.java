package io.tokenfence.observability;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/** Draws dashboard panels' range-query results as line charts in one PNG, in Grafana's dark palette. */
final class PanelCharts {

    /** One line: a legend name and its samples (epoch seconds, value; NaN is a gap). */
    record Series(String name, double[] times, double[] values) {
    }

    /** One panel. */
    record Chart(String title, String unit, List<Series> series) {
    }

    private static final Color BACKGROUND = new Color(0x11, 0x12, 0x17);
    private static final Color PANEL = new Color(0x18, 0x1b, 0x1f);
    private static final Color GRID = new Color(0x2c, 0x30, 0x35);
    private static final Color TEXT = new Color(0xcc, 0xcc, 0xdc);
    private static final Color[] PALETTE = {new Color(0x73, 0xbf, 0x69), new Color(0xf2, 0xcc, 0x0c),
            new Color(0x56, 0x94, 0xf2), new Color(0xff, 0x78, 0x0a), new Color(0xf2, 0x49, 0x5c),
            new Color(0xb8, 0x77, 0xd9), new Color(0x8a, 0xb8, 0xff), new Color(0xfa, 0xde, 0x2a)};
    private static final int COLUMNS = 3;
    private static final int CELL_WIDTH = 560;
    private static final int CELL_HEIGHT = 300;
    private static final int HEADER = 44;
    private static final int GAP = 8;

    private PanelCharts() {
    }

    static void write(String heading, List<Chart> charts, Path file) throws IOException {
        int rows = (charts.size() + COLUMNS - 1) / COLUMNS;
        int width = COLUMNS * CELL_WIDTH + (COLUMNS + 1) * GAP;
        int height = HEADER + rows * CELL_HEIGHT + (rows + 1) * GAP;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, width, height);
            g.setColor(TEXT);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            g.drawString(heading, GAP + 4, 30);
            for (int i = 0; i < charts.size(); i++) {
                int x = GAP + (i % COLUMNS) * (CELL_WIDTH + GAP);
                int y = HEADER + GAP + (i / COLUMNS) * (CELL_HEIGHT + GAP);
                draw(g, charts.get(i), x, y);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static void draw(Graphics2D g, Chart chart, int x, int y) {
        g.setColor(PANEL);
        g.fillRect(x, y, CELL_WIDTH, CELL_HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(TEXT);
        g.drawString(chart.title(), x + 10, y + 20);

        int left = x + 58;
        int right = x + CELL_WIDTH - 12;
        int top = y + 34;
        int bottom = y + CELL_HEIGHT - 52;
        double minT = Double.MAX_VALUE;
        double maxT = -Double.MAX_VALUE;
        double maxV = 0;
        for (Series series : chart.series()) {
            for (int i = 0; i < series.times().length; i++) {
                minT = Math.min(minT, series.times()[i]);
                maxT = Math.max(maxT, series.times()[i]);
                if (Double.isFinite(series.values()[i])) {
                    maxV = Math.max(maxV, series.values()[i]);
                }
            }
        }
        if (maxT <= minT) {
            maxT = minT + 1;
        }
        maxV = niceCeiling(maxV);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics metrics = g.getFontMetrics();
        for (int tick = 0; tick <= 4; tick++) {
            int ty = bottom - (bottom - top) * tick / 4;
            g.setColor(GRID);
            g.drawLine(left, ty, right, ty);
            g.setColor(TEXT);
            String label = format(maxV * tick / 4, chart.unit());
            g.drawString(label, left - 6 - metrics.stringWidth(label), ty + 4);
        }
        for (int tick = 0; tick <= 4; tick++) {
            int tx = left + (right - left) * tick / 4;
            double secondsAgo = (maxT - minT) * (4 - tick) / 4;
            String label = tick == 4 ? "now" : "-" + Math.round(secondsAgo) + "s";
            g.setColor(TEXT);
            g.drawString(label, tx - metrics.stringWidth(label) / 2, bottom + 15);
        }

        g.setStroke(new BasicStroke(2f));
        int legendX = x + 10;
        int legendY = y + CELL_HEIGHT - 26;
        for (int s = 0; s < chart.series().size(); s++) {
            Series series = chart.series().get(s);
            Color color = PALETTE[s % PALETTE.length];
            g.setColor(color);
            Path2D.Double line = new Path2D.Double();
            boolean drawing = false;
            for (int i = 0; i < series.times().length; i++) {
                double value = series.values()[i];
                if (!Double.isFinite(value)) {
                    drawing = false;
                    continue;
                }
                double px = left + (right - left) * (series.times()[i] - minT) / (maxT - minT);
                double py = bottom - (bottom - top) * (maxV == 0 ? 0 : value / maxV);
                if (drawing) {
                    line.lineTo(px, py);
                } else {
                    line.moveTo(px, py);
                    drawing = true;
                }
            }
            g.draw(line);
            int legendWidth = 16 + metrics.stringWidth(series.name()) + 14;
            if (legendX + legendWidth > x + CELL_WIDTH) {
                legendX = x + 10;
                legendY += 14;
            }
            g.fillRect(legendX, legendY - 8, 10, 4);
            g.setColor(TEXT);
            g.drawString(series.name(), legendX + 14, legendY);
            legendX += legendWidth;
        }
        g.setStroke(new BasicStroke(1f));
    }

    private static double niceCeiling(double value) {
        if (value <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= value) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String format(double value, String unit) {
        if ("s".equals(unit)) {
            return value == 0 ? "0" : value < 1 ? String.format(Locale.ROOT, "%.0f ms", value * 1000)
                    : String.format(Locale.ROOT, "%.1f s", value);
        }
        String number = new BigDecimal(value).round(new MathContext(3)).stripTrailingZeros().toPlainString();
        return unit.isEmpty() ? number : number + " " + unit;
    }
}
