package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The textbook picture: minimum distribution time against N, measured for P2P and client-server,
 * with the two lower bounds drawn as lines (client-server grows linearly, P2P flattens out).
 */
public final class SweepSvgChart {
    private SweepSvgChart() {
    }

    public static String render(List<SweepPoint> points) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sweep chart needs at least one point");
        }
        int nMax = points.stream().mapToInt(SweepPoint::peers).max().orElseThrow();
        double yMax = 0;
        for (SweepPoint p : points) {
            yMax = Math.max(yMax, p.bounds().clientServerSeconds());
            yMax = Math.max(yMax, p.bounds().p2pSeconds());
            yMax = Math.max(yMax, p.p2pSeconds().orElse(0));
            yMax = Math.max(yMax, p.clientServerSeconds().orElse(0));
        }
        SvgCanvas c = new SvgCanvas(900, 520, "bittern swarm --sweep: distribution time vs N");
        SvgCanvas.Plot plot = new SvgCanvas.Plot(c, 80, 40, 620, 400, nMax * 1.05, yMax * 1.1);
        plot.axes("Distribution time vs N", "N (peers)", "time (s)", SvgCanvas.Plot::trim);
        series(c, plot, points, "bound client-server-bound", "#c0392b", true, p -> OptionalDouble.of(p.bounds().clientServerSeconds()));
        series(c, plot, points, "bound p2p-bound", "#2a8a2a", true, p -> OptionalDouble.of(p.bounds().p2pSeconds()));
        series(c, plot, points, "measured client-server", "#e67e22", false, SweepPoint::clientServerSeconds);
        series(c, plot, points, "measured p2p", "#1f4e9c", false, SweepPoint::p2pSeconds);
        SwarmSvgChart.legend(c, 715, 60, List.of(new String[] {"#1f4e9c", "P2P measured"},
                new String[] {"#e67e22", "client-server measured"}, new String[] {"#2a8a2a", "P2P bound"},
                new String[] {"#c0392b", "client-server bound"}));
        return c.finish();
    }

    private static void series(SvgCanvas c, SvgCanvas.Plot plot, List<SweepPoint> points, String cssClass,
                               String color, boolean dashed, Function<SweepPoint, OptionalDouble> value) {
        List<double[]> xy = new ArrayList<>();
        List<SweepPoint> sorted = points.stream().sorted(java.util.Comparator.comparingInt(SweepPoint::peers)).toList();
        for (SweepPoint p : sorted) {
            OptionalDouble v = value.apply(p);
            if (v.isPresent()) {
                xy.add(new double[] {plot.x(p.peers()), plot.y(v.getAsDouble())});
            }
        }
        c.polyline(xy, "class=\"" + cssClass + "\" stroke=\"" + color + "\" stroke-width=\"2\""
                + (dashed ? " stroke-dasharray=\"6 4\"" : ""));
        if (!dashed) {
            for (double[] p : xy) {
                c.circle(p[0], p[1], 3.5, "fill=\"" + color + "\"");
            }
        }
    }
}
