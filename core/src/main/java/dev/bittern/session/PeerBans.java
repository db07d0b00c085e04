package dev.bittern.session;

import dev.bittern.wire.PeerId;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers of one torrent banned for sending data of pieces that failed the hash check
 * ({@link dev.bittern.storage.PieceContributors} decides when), and the keys a ban covers:
 * <ul>
 *   <li>the peer id, always;</li>
 *   <li>the IP address, unless it is a loopback address: a hostile peer that reconnects with a
 *       fresh peer id (or from another port) is still refused. Like libtorrent's ban, this also
 *       refuses honest peers behind the same NAT address; a corrupt piece costs more than them;</li>
 *   <li>for a connection we dialled, the address we dialled (IP and listen port): it is not dialled
 *       again, whatever peer id it would answer with.</li>
 * </ul>
 * Loopback is exempt from the IP ban because every peer on this machine shares 127.0.0.1 (test
 * swarms, {@code bittern swarm} experiments): one liar would ban them all. There a ban holds by
 * peer id and dialled address; a local process that dials us again with a fresh peer id is not
 * recognised (a known limit: such a process can be stopped by whoever runs the machine).
 *
 * <p>Changed only by the swarm's loop; it grows by one entry per ban, and a ban takes at least
 * one failed piece, so its size is bounded by the torrent's piece count. The peer ids and IPs are
 * also read by the listener's handshake threads ({@link #refusal(InetAddress, PeerId)}), so that a
 * banned peer that dials us is dropped before it gets our handshake: those two sets are concurrent.
 */
final class PeerBans {
    private final Set<PeerId> ids = ConcurrentHashMap.newKeySet();
    private final Set<InetAddress> hosts = ConcurrentHashMap.newKeySet();
    private final Set<InetSocketAddress> dialled = new HashSet<>();

    /** Bans the peer behind {@code link} by every key that applies to it. */
    void ban(PeerLink link) {
        ids.add(link.peerId());
        InetAddress ip = link.remote().getAddress();
        if (ip != null && !ip.isLoopbackAddress()) {
            hosts.add(ip);
        }
        if (link.outgoing()) {
            dialled.add(link.remote());
        }
    }

    /** Why a connection that completed its handshake is refused, or empty when no ban covers it. */
    Optional<String> refusal(PeerLink link, PeerId id) {
        Optional<String> byIdOrIp = refusal(link.remote().getAddress(), id);
        if (byIdOrIp.isPresent()) {
            return byIdOrIp;
        }
        if (link.outgoing() && dialled.contains(link.remote())) {
            return Optional.of("peer at " + link.remote() + " is banned after sending corrupt data");
        }
        return Optional.empty();
    }

    /**
     * Why a peer at {@code ip} (may be null: unresolved) sending peer id {@code id} is refused, or
     * empty when neither is banned. Safe from any thread.
     */
    Optional<String> refusal(InetAddress ip, PeerId id) {
        if (ids.contains(id)) {
            return Optional.of("peer " + id + " is banned after sending corrupt data");
        }
        if (ip != null && hosts.contains(ip)) {
            return Optional.of("address " + ip.getHostAddress() + " is banned after sending corrupt data");
        }
        return Optional.empty();
    }

    /** Whether {@code address} may be dialled: neither its IP nor the address itself is banned. */
    boolean mayDial(InetSocketAddress address) {
        return !dialled.contains(address) && (address.getAddress() == null || !hosts.contains(address.getAddress()));
    }

    boolean isBanned(PeerId id) {
        return ids.contains(id);
    }
}
