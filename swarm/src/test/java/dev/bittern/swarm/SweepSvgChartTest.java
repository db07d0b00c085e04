package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class SweepSvgChartTest {
    static List<SweepPoint> points() {
        List<SweepPoint> points = new ArrayList<>();
        for (int n : new int[] {1, 2, 4, 8}) {
            DistributionBounds b = SwarmParameters.defaults().withPeers(n).bounds();
            points.add(new SweepPoint(n, OptionalDouble.of(b.p2pSeconds() * 1.2),
                    n == 8 ? OptionalDouble.empty() : OptionalDouble.of(b.clientServerSeconds() * 1.1), b));
        }
        return points;
    }

    @Test
    void sweepChartHasMeasuredSeriesAndBothBoundsAcrossN() throws Exception {
        Document doc = SvgDocuments.parse(SweepSvgChart.render(points()));
        assertThat(SvgDocuments.withClass(doc, "p2p-bound").getFirst().getAttribute("points").split(" ")).hasSize(4);
        assertThat(SvgDocuments.withClass(doc, "client-server-bound").getFirst().getAttribute("points").split(" ")).hasSize(4);
        assertThat(SvgDocuments.withClass(doc, "p2p").getFirst().getAttribute("points").split(" ")).hasSize(4);
        // The client-server run for N=8 did not finish: it is left out rather than drawn at 0.
        assertThat(SvgDocuments.withClass(doc, "client-server").getFirst().getAttribute("points").split(" ")).hasSize(3);
    }

    @Test
    void emptySweepIsRefused() {
        assertThatThrownBy(() -> SweepSvgChart.render(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
