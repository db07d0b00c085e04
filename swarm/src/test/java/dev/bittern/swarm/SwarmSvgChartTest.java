package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class SwarmSvgChartTest {
    @Test
    void chartIsWellFormedSvgWithBothBoundLinesAndOneSeriesPerPeer() throws Exception {
        Document doc = SvgDocuments.parse(SwarmSvgChart.render(SwarmTimelines.threePeers()));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(SvgDocuments.withClass(doc, "p2p-bound")).hasSize(1);
        assertThat(SvgDocuments.withClass(doc, "client-server-bound")).hasSize(1);
        List<Element> series = SvgDocuments.withClass(doc, "peer-series");
        assertThat(series).extracting(e -> e.getAttribute("data-peer")).containsExactly("peer-1", "peer-2", "peer-3");
        assertThat(series.get(0).getAttribute("points").split(" ")).hasSize(11);
        assertThat(SvgDocuments.withClass(doc, "cdf")).hasSize(1);
    }

    @Test
    void boundLinesSitAtTheBoundsOnTheTimeAxisInTheRightOrder() throws Exception {
        // N=3, one free-rider: P2P bound = 3·64/(4+2) = 32 s, client-server = 3·64/4 = 48 s.
        Document doc = SvgDocuments.parse(SwarmSvgChart.render(SwarmTimelines.threePeers()));
        double p2p = Double.parseDouble(SvgDocuments.withClass(doc, "p2p-bound").getFirst().getAttribute("x1"));
        double cs = Double.parseDouble(SvgDocuments.withClass(doc, "client-server-bound").getFirst().getAttribute("x1"));
        assertThat(p2p).isLessThan(cs);
        assertThat(cs / p2p).isBetween(1.2, 1.6);
        String text = doc.getDocumentElement().getTextContent();
        assertThat(text).contains("P2P bound 32.0 s").contains("client-server bound 48.0 s");
    }

    @Test
    void cdfClimbsOneStepPerFinishedPeer() throws Exception {
        Document doc = SvgDocuments.parse(SwarmSvgChart.render(SwarmTimelines.threePeers()));
        String[] points = SvgDocuments.withClass(doc, "cdf").getFirst().getAttribute("points").split(" ");
        assertThat(points).hasSize(2 + 2 * 3);
    }

    @Test
    void peerNamesAreEscaped() throws Exception {
        SwarmParameters p = new SwarmParameters(1, 1000, 100, 100, 0, 0, SwarmMode.P2P);
        PeerTimeline t = new PeerTimeline("a<b>&\"c'", false);
        t.add(new PeerSample(0, 0, 0, 0, 0));
        SwarmTimeline timeline = new SwarmTimeline(p, List.of(t), 5);
        Document doc = SvgDocuments.parse(SwarmSvgChart.render(timeline));
        assertThat(SvgDocuments.withClass(doc, "peer-series").getFirst().getAttribute("data-peer")).isEqualTo("a<b>&\"c'");
    }
}
