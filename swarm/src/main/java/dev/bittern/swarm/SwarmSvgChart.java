package dev.bittern.swarm;

import java.util.ArrayList;
import java.util.List;

/**
 * The chart of one run, as an SVG document: on top the CDF of completion times (fraction of
 * leechers done over time) with vertical lines at the client-server and P2P bounds; below, each
 * leecher's download rate over time, one polyline per peer ({@code class="peer-series"}).
 */
public final class SwarmSvgChart {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 760;

    private SwarmSvgChart() {
    }

    public static String render(SwarmTimeline timeline) {
        SwarmParameters p = timeline.parameters();
        DistributionBounds bounds = p.bounds();
        double p2p = bounds.p2pSeconds();
        double cs = bounds.clientServerSeconds();
        double xMax = Math.max(timeline.elapsedSeconds(), Math.max(p2p, cs)) * 1.05;
        if (!(xMax > 0)) {
            xMax = 1;
        }
        SvgCanvas c = new SvgCanvas(WIDTH, HEIGHT, "bittern swarm: " + p.mode().label() + ", N=" + p.peers()
                + ", F=" + SwarmFormat.bytes(p.fileBytes()));
        int n = timeline.peers().size();

        SvgCanvas.Plot cdf = new SvgCanvas.Plot(c, 80, 40, 620, 280, xMax, 1.0);
        cdf.axes("Completion CDF (" + p.mode().label() + ", N=" + p.peers() + ")", "time (s)",
                "fraction of peers done", t -> Math.round(t * 100) + "%");
        List<Double> done = new ArrayList<>();
        for (PeerTimeline peer : timeline.peers()) {
            peer.completedSeconds().ifPresent(done::add);
        }
        done.sort(Double::compare);
        List<double[]> steps = new ArrayList<>();
        steps.add(new double[] {cdf.x(0), cdf.y(0)});
        for (int i = 0; i < done.size(); i++) {
            steps.add(new double[] {cdf.x(done.get(i)), cdf.y((double) i / n)});
            steps.add(new double[] {cdf.x(done.get(i)), cdf.y((double) (i + 1) / n)});
        }
        steps.add(new double[] {cdf.x(xMax), cdf.y((double) done.size() / n)});
        c.polyline(steps, "class=\"cdf\" stroke=\"#1f4e9c\" stroke-width=\"2\"");
        boundLine(c, cdf, "p2p-bound", "P2P bound " + SwarmFormat.seconds(p2p), p2p, "#2a8a2a", 0);
        boundLine(c, cdf, "client-server-bound", "client-server bound " + SwarmFormat.seconds(cs), cs, "#c0392b", 16);
        legend(c, 715, 60, List.of(new String[] {"#1f4e9c", "measured completion"},
                new String[] {"#2a8a2a", "P2P bound"}, new String[] {"#c0392b", "client-server bound"}));

        double rateMax = 0;
        for (PeerTimeline peer : timeline.peers()) {
            for (PeerSample s : peer.samples()) {
                rateMax = Math.max(rateMax, s.downRate());
            }
        }
        rateMax = rateMax > 0 ? rateMax * 1.1 : 1;
        double mib = 1 << 20;
        SvgCanvas.Plot rates = new SvgCanvas.Plot(c, 80, 420, 620, 280, xMax, rateMax / mib);
        rates.axes("Download rate per peer", "time (s)", "MiB/s", SvgCanvas.Plot::trim);
        List<String[]> entries = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            PeerTimeline peer = timeline.peers().get(i);
            List<double[]> points = new ArrayList<>();
            for (PeerSample s : peer.samples()) {
                points.add(new double[] {rates.x(s.seconds()), rates.y(s.downRate() / mib)});
            }
            String color = SvgCanvas.color(i, n);
            c.polyline(points, "class=\"peer-series\" data-peer=\"" + SvgCanvas.escape(peer.name())
                    + "\" stroke=\"" + color + "\" stroke-width=\"1.2\""
                    + (peer.freeRider() ? " stroke-dasharray=\"4 3\"" : ""));
            entries.add(new String[] {color, peer.name() + (peer.freeRider() ? " (free-rider)" : "")});
        }
        legend(c, 715, 440, entries.size() > 16 ? entries.subList(0, 16) : entries);
        return c.finish();
    }

    static void boundLine(SvgCanvas c, SvgCanvas.Plot plot, String cssClass, String label, double seconds,
                          String color, double labelOffset) {
        double x = plot.x(seconds);
        c.line(x, plot.top(), x, plot.top() + plot.h(),
                "class=\"bound " + cssClass + "\" stroke=\"" + color + "\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"");
        // Near the right edge the label goes to the left of the line, so it stays inside the plot.
        boolean right = x > plot.left() + plot.w() * 0.7;
        c.text(right ? x - 4 : x + 4, plot.top() + 14 + labelOffset, label, right ? "end" : "start",
                "fill=\"" + color + "\"");
    }

    static void legend(SvgCanvas c, double x, double y, List<String[]> entries) {
        for (int i = 0; i < entries.size(); i++) {
            double yy = y + i * 16;
            // Bounds are dashed in the plots, so in the legend too.
            String dash = entries.get(i)[1].endsWith("bound") ? " stroke-dasharray=\"6 4\"" : "";
            c.line(x, yy - 4, x + 18, yy - 4, "stroke=\"" + entries.get(i)[0] + "\" stroke-width=\"2\"" + dash);
            c.text(x + 22, yy, entries.get(i)[1], "start", "");
        }
    }
}
