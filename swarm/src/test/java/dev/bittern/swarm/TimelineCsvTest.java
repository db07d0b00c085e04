package dev.bittern.swarm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineCsvTest {
    @Test
    void writesHeaderThenOneRowPerSampleWithCompletionTime() {
        String csv = TimelineCsv.toString(SwarmTimelines.threePeers());
        List<String> lines = csv.lines().toList();
        assertThat(lines.getFirst()).isEqualTo(TimelineCsv.HEADER);
        assertThat(lines).hasSize(1 + 3 * 11);
        assertThat(lines.get(1)).isEqualTo("peer-1,false,0.000,0,1677722,524288,3,40.000");
        assertThat(lines.getLast()).isEqualTo("peer-3,true,50.000,67108864,0,0,1,50.000");
        assertThat(lines).allSatisfy(l -> assertThat(l.split(",", -1)).hasSize(8));
    }

    @Test
    void unfinishedPeerHasEmptyCompletionField() {
        SwarmParameters p = new SwarmParameters(1, 1000, 100, 100, 0, 0, SwarmMode.P2P);
        PeerTimeline t = new PeerTimeline("peer-1", false);
        t.add(new PeerSample(1.5, 10, 2.5, 0, -1));
        String csv = TimelineCsv.toString(new SwarmTimeline(p, List.of(t), 2));
        assertThat(csv.lines().toList().get(1)).isEqualTo("peer-1,false,1.500,10,3,0,-1,");
    }

    @Test
    void quotesFieldsThatNeedIt() {
        assertThat(TimelineCsv.quote("plain")).isEqualTo("plain");
        assertThat(TimelineCsv.quote("a,b")).isEqualTo("\"a,b\"");
        assertThat(TimelineCsv.quote("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    }
}
