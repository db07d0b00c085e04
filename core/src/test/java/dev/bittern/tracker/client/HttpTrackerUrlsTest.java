package dev.bittern.tracker.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bittern.metainfo.InfoHash;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpTrackerUrlsTest {
    @Test
    void scrapeUrlFollowsTheBep48Examples() {
        assertThat(HttpTrackerUrls.scrape("http://example.com/announce")).contains("http://example.com/scrape");
        assertThat(HttpTrackerUrls.scrape("http://example.com/x/announce")).contains("http://example.com/x/scrape");
        assertThat(HttpTrackerUrls.scrape("http://example.com/announce.php")).contains("http://example.com/scrape.php");
        assertThat(HttpTrackerUrls.scrape("http://example.com/a")).isEmpty();
        assertThat(HttpTrackerUrls.scrape("http://example.com/announce?x2%0644")).contains("http://example.com/scrape?x2%0644");
        assertThat(HttpTrackerUrls.scrape("http://example.com/announce?x=2/4")).contains("http://example.com/scrape?x=2/4");
        assertThat(HttpTrackerUrls.scrape("http://example.com/x%064announce")).isEmpty();
    }

    @Test
    void announceAppendsToAnExistingQueryAndOmitsNoneEventAndDefaultNumwant() {
        AnnounceRequest r = new AnnounceRequest(InfoHash.fromHex("00".repeat(20)), new byte[20], 1, 0, 0, 0,
                AnnounceEvent.NONE, -1, 1, false);
        String url = HttpTrackerUrls.announce("http://t/announce?passkey=abc", r, Optional.empty());
        assertThat(url).startsWith("http://t/announce?passkey=abc&info_hash=%00%00")
                .contains("&compact=0").doesNotContain("event=").doesNotContain("numwant").endsWith("&key=00000001");
    }

    @Test
    void scrapeQueryRepeatsInfoHash() {
        InfoHash a = InfoHash.fromHex("41".repeat(20));
        InfoHash b = InfoHash.fromHex("42".repeat(20));
        assertThat(HttpTrackerUrls.scrapeQuery("http://t/scrape", List.of(a, b)))
                .isEqualTo("http://t/scrape?info_hash=" + "A".repeat(20) + "&info_hash=" + "B".repeat(20));
    }
}
