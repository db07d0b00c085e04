/**
 * Test fixtures for interop and adversarial tests against real BitTorrent clients, shared with
 * the other modules through the bittern-core test-jar. All on loopback, free ports, bounded waits
 * that fail with the tail of the client's log; every fixture is AutoCloseable (try-with-resources).
 *
 * <ul>
 *   <li>{@link dev.bittern.interop.InteropTools#require} - a client's path, or a failure telling how to install it (never a skip).
 *   <li>{@link dev.bittern.interop.ExternalProcess} - a started program, its log, {@code awaitLine}, {@code awaitExit}, {@code tail}.
 *   <li>{@link dev.bittern.interop.TestContent} - seeded random files/trees, mktorrent torrents, byte-exact tree comparison.
 *   <li>{@link dev.bittern.interop.LibtorrentPeer} - libtorrent 2.0.8 seed/download; dials given peers; rate limits.
 *   <li>{@link dev.bittern.interop.TransmissionPeer} - transmission-cli; must be dialled; ~10 s before it requests.
 *   <li>{@link dev.bittern.interop.Aria2Peer} - aria2c; accepts incoming peers and uses 127.0.0.1 peers from a tracker.
 *   <li>{@link dev.bittern.interop.Opentracker} - whitelisting HTTP+UDP tracker.
 *   <li>{@link dev.bittern.interop.HostilePeer} - a raw-TCP peer that breaks the protocol on demand and records what it got.
 * </ul>
 *
 * <p>Typical interop test (a Bittern peer downloads from libtorrent):
 * <pre>{@code
 * Path data = TestContent.randomFile(tmp.resolve("seed/data.bin"), 2 << 20, 1);
 * TestTorrent t = TestContent.mktorrent(data, tmp.resolve("data.torrent"), 32 * 1024, List.of());
 * try (LibtorrentPeer seed = LibtorrentPeer.seed(t.file(), tmp.resolve("seed"), LibtorrentPeer.Options.defaults())) {
 *     seed.awaitSeeding(Duration.ofSeconds(20));
 *     // ... start Bittern, dial seed.address(), wait for completion into tmp.resolve("bittern")
 * }
 * TestContent.assertSameContent(data, tmp.resolve("bittern/data.bin"));
 * }</pre>
 * For libtorrent to download from Bittern: {@code LibtorrentPeer.download(t.file(), dir,
 * Options.defaults().connectTo(bitternAddress))} then {@code awaitFinished}.
 */
package dev.bittern.interop;
