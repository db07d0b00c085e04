package dev.bittern.tracker.server;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionIdsTest {
    private static final long MINUTE = ConnectionIds.WINDOW_NANOS;

    @Test
    void differentKeysIssueDifferentIds() {
        PeerAddress a = Peers.v4(1, 1);
        long id1 = new ConnectionIds(1, 2).issue(a, 0);
        assertThat(new ConnectionIds(1, 3).isValid(id1, a, 0)).isFalse();
        assertThat(new ConnectionIds(1, 2).isValid(id1, a, 0)).isTrue();
    }

    @Test
    void idIsValidInItsWindowAndTheNextOnly() {
        ConnectionIds ids = new ConnectionIds(5, 6);
        PeerAddress a = Peers.v4(1, 1);
        long id = ids.issue(a, 10 * MINUTE + 59_000_000_000L);
        assertThat(ids.isValid(id, a, 10 * MINUTE)).isTrue();
        assertThat(ids.isValid(id, a, 11 * MINUTE + 59_000_000_000L)).isTrue();
        assertThat(ids.isValid(id, a, 12 * MINUTE)).isFalse();
        assertThat(ids.isValid(id, a, 9 * MINUTE)).isFalse();
    }

    @Test
    void idsDifferPerAddressButNotPerPort() {
        ConnectionIds ids = new ConnectionIds(5, 6);
        Set<Long> seen = new HashSet<>();
        for (int host = 0; host < 200; host++) {
            seen.add(ids.issue(Peers.v4(host, 1), 0));
            seen.add(ids.issue(Peers.v6(host, 1), 0));
        }
        assertThat(seen).hasSize(400);
        assertThat(ids.issue(Peers.v4(1, 1), 0)).isEqualTo(ids.issue(Peers.v4(1, 2), 0));
    }
}
