package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A few SVG primitives for the charts, written by hand so the module needs no dependency.
 * Coordinates go through a {@link Plot}: a rectangle on the page with data ranges for its axes.
 */
final class SvgCanvas {
    private final StringBuilder svg = new StringBuilder();
    private final int width;
    private final int height;

    SvgCanvas(int width, int height, String title) {
        this.width = width;
        this.height = height;
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
    }

    /** Text with {@code &<>"'} escaped, so peer names and labels cannot break the XML. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c);
            }
        }
        return b.toString();
    }

    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A distinct colour for series {@code i} of {@code n}. */
    static String color(int i, int n) {
        return "hsl(" + (int) Math.round(360.0 * i / Math.max(1, n)) + ",70%,40%)";
    }

    void text(double x, double y, String text, String anchor, String attributes) {
        svg.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append('"').append(attributes.isEmpty() ? "" : " " + attributes).append('>')
                .append(escape(text)).append("</text>\n");
    }

    void line(double x1, double y1, double x2, double y2, String attributes) {
        svg.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" ").append(attributes).append("/>\n");
    }

    void polyline(List<double[]> points, String attributes) {
        svg.append("<polyline fill=\"none\" ").append(attributes).append(" points=\"");
        for (int i = 0; i < points.size(); i++) {
            double[] p = points.get(i);
            svg.append(i == 0 ? "" : " ").append(num(p[0])).append(',').append(num(p[1]));
        }
        svg.append("\"/>\n");
    }

    void circle(double x, double y, double r, String attributes) {
        svg.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"").append(num(r))
                .append("\" ").append(attributes).append("/>\n");
    }

    void raw(String element) {
        svg.append(element).append('\n');
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    String finish() {
        return svg + "</svg>\n";
    }

    /** "Nice" tick values (1, 2, 5 × 10^k steps) covering [0, max]. */
    static List<Double> ticks(double max, int wanted) {
        List<Double> ticks = new ArrayList<>();
        if (!(max > 0) || Double.isInfinite(max)) {
            ticks.add(0.0);
            return ticks;
        }
        double raw = max / Math.max(1, wanted);
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double m : new double[] {1, 2, 5, 10}) {
            step = m * magnitude;
            if (step >= raw) {
                break;
            }
        }
        for (int i = 0; i * step <= max * (1 + 1e-9) && i <= 100; i++) {
            ticks.add(i * step);
        }
        return ticks;
    }

    /** A chart area: page rectangle (left, top, width, height) and data ranges [0, xMax] × [0, yMax]. */
    record Plot(SvgCanvas canvas, double left, double top, double w, double h, double xMax, double yMax) {
        Plot {
            if (!(xMax > 0) || !(yMax > 0) || Double.isInfinite(xMax) || Double.isInfinite(yMax)) {
                throw new IllegalArgumentException("plot ranges must be positive and finite: " + xMax + " x " + yMax);
            }
        }

        double x(double v) {
            return left + w * Math.min(v, xMax) / xMax;
        }

        double y(double v) {
            return top + h - h * Math.min(v, yMax) / yMax;
        }

        /** Frame, ticks, tick labels, axis titles and the plot's title. */
        void axes(String title, String xLabel, String yLabel, java.util.function.DoubleFunction<String> yTick) {
            canvas.raw("<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(w) + "\" height=\""
                    + num(h) + "\" fill=\"none\" stroke=\"#444\"/>");
            for (double t : ticks(xMax, 8)) {
                canvas.line(x(t), top + h, x(t), top + h + 4, "stroke=\"#444\"");
                canvas.text(x(t), top + h + 16, trim(t), "middle", "");
            }
            for (double t : ticks(yMax, 5)) {
                canvas.line(left - 4, y(t), left, y(t), "stroke=\"#444\"");
                canvas.line(left, y(t), left + w, y(t), "stroke=\"#eee\"");
                canvas.text(left - 6, y(t) + 4, yTick.apply(t), "end", "");
            }
            canvas.text(left + w / 2, top - 8, title, "middle", "font-weight=\"bold\"");
            canvas.text(left + w / 2, top + h + 32, xLabel, "middle", "");
            canvas.text(left - 48, top + h / 2, yLabel, "middle",
                    "transform=\"rotate(-90 " + num(left - 48) + " " + num(top + h / 2) + ")\"");
        }

        static String trim(double v) {
            return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2g", v);
        }
    }
}
