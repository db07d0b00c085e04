package dev.bittern.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing of the rate, peer and duration options of download/seed/share. */
class PeerOptionsTest {
    @Test
    void ratesTakeBinarySuffixes() {
        assertThat(PeerOptions.rate("--max-up", "0")).isZero();
        assertThat(PeerOptions.rate("--max-up", "1500")).isEqualTo(1500);
        assertThat(PeerOptions.rate("--max-up", "512k")).isEqualTo(512 * 1024);
        assertThat(PeerOptions.rate("--max-down", "10M")).isEqualTo(10L << 20);
        assertThat(PeerOptions.rate("--max-down", "1G")).isEqualTo(1L << 30);
    }

    @Test
    void badRateNamesTheOptionAndTheValue() {
        assertThatThrownBy(() -> PeerOptions.rate("--max-down", "fast")).isInstanceOf(UserError.class)
                .hasMessageContaining("--max-down fast");
        assertThatThrownBy(() -> PeerOptions.rate("--max-up", "-5")).isInstanceOf(UserError.class);
    }

    @Test
    void peerAddressesNeedHostAndPort() {
        PeerOptions o = new PeerOptions();
        o.peers.add("127.0.0.1:6881");
        o.peers.add("[::1]:51413");
        assertThat(o.peerAddresses()).extracting(a -> a.getPort()).containsExactly(6881, 51413);
        o.peers.add("127.0.0.1:0");
        assertThatThrownBy(o::peerAddresses).isInstanceOf(UserError.class).hasMessageContaining("port must be between 1 and 65535");
    }

    @Test
    void seedTimeTakesSecondsMinutesHoursDays() {
        assertThat(DownloadCommand.duration("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DownloadCommand.duration("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(DownloadCommand.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(DownloadCommand.duration("1d")).isEqualTo(Duration.ofDays(1));
        assertThatThrownBy(() -> DownloadCommand.duration("soon")).isInstanceOf(UserError.class).hasMessageContaining("--seed-time soon");
    }

    @Test
    void connectionLimitsDefaultToTheEngineDefaultsAndAreShownInHelp() {
        for (String command : new String[]{"download", "seed", "share"}) {
            CliRun help = CliRun.of(command, "--help");
            assertThat(help.out()).contains("--max-peers=N").contains("Default: 50")
                    .contains("--max-connections=N").contains("Default: 200");
        }
        PeerOptions o = parsed();
        assertThat(o.sessionSettings().maxPeers()).isEqualTo(dev.bittern.session.SessionSettings.DEFAULT_MAX_PEERS);
        assertThat(o.clientSettings().maxConnections()).isEqualTo(dev.bittern.session.Client.Settings.DEFAULT_MAX_CONNECTIONS);
    }

    @Test
    void piecesAreWrittenWithDirectIoUnlessBufferedWritesIsGiven() {
        assertThat(parsed().sessionSettings().directWrites()).isTrue();
        assertThat(parsed("--buffered-writes").sessionSettings().directWrites()).isFalse();
        assertThat(CliRun.of("download", "--help").out()).contains("--buffered-writes");
    }

    @Test
    void connectionLimitsAreTakenFromTheOptions() {
        PeerOptions o = parsed("--max-peers", "7", "--max-connections", "9");
        assertThat(o.sessionSettings().maxPeers()).isEqualTo(7);
        assertThat(o.clientSettings().maxConnections()).isEqualTo(9);
    }

    @Test
    void connectionLimitsBelowOneAreOneLineErrors() {
        assertThatThrownBy(() -> parsed("--max-peers", "0").sessionSettings()).isInstanceOf(UserError.class)
                .hasMessage("--max-peers must be at least 1, got 0");
        assertThatThrownBy(() -> parsed("--max-connections", "-1").clientSettings()).isInstanceOf(UserError.class)
                .hasMessage("--max-connections must be at least 1, got -1");
    }

    private static PeerOptions parsed(String... args) {
        PeerOptions o = new PeerOptions();
        new picocli.CommandLine(o).parseArgs(args);
        return o;
    }
}
