import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Bounded UDP (BEP 15) announce load generator, the UDP counterpart of wrk: THREADS threads,
 * CONNECTIONS sockets in total, each socket with one request in flight (closed loop, like a wrk
 * connection); random info-hash out of TORRENTS ("bittern-bench-%06d", as announce.lua), random
 * peer id and port. Runs for SECONDS and prints announces/s. JDK only, so it runs with the
 * source launcher (java UdpAnnounceLoad.java ...) without a Maven module.
 *
 * Usage: java UdpAnnounceLoad.java HOST PORT THREADS CONNECTIONS TORRENTS SECONDS
 */
public final class UdpAnnounceLoad {
    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: UdpAnnounceLoad HOST PORT THREADS CONNECTIONS TORRENTS SECONDS");
            System.exit(2);
        }
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        int torrents = Integer.parseInt(args[4]);
        long seconds = Long.parseLong(args[5]);
        LongAdder ok = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder lost = new LongAdder();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int mine = connections / threads + (t < connections % threads ? 1 : 0);
            workers[t] = Thread.ofPlatform().start(() -> run(target, mine, torrents, end, ok, errors, lost));
        }
        for (Thread w : workers) {
            w.join();
        }
        System.out.printf("udp announces: %d ok, %d errors, %d lost in %d s = %.0f announces/s%n",
                ok.sum(), errors.sum(), lost.sum(), seconds, ok.sum() / (double) seconds);
    }

    private static void run(InetSocketAddress target, int count, int torrents, long end,
                            LongAdder ok, LongAdder errors, LongAdder lost) {
        try {
            DatagramChannel[] ch = new DatagramChannel[count];
            long[] cid = new long[count];
            long[] connectedAt = new long[count];
            int[] tx = new int[count];
            for (int i = 0; i < count; i++) {
                ch[i] = DatagramChannel.open().connect(target);
                ch[i].socket().setSoTimeout(1000);
            }
            ByteBuffer out = ByteBuffer.allocate(98);
            ByteBuffer in = ByteBuffer.allocate(2048);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                // Send one request per socket, then collect one answer per socket.
                for (int i = 0; i < count; i++) {
                    long now = System.nanoTime();
                    out.clear();
                    if (cid[i] == 0 || now - connectedAt[i] > 50_000_000_000L) {
                        out.putLong(0x41727101980L).putInt(0).putInt(++tx[i]).flip();
                        ch[i].write(out);
                        in.clear();
                        if (receive(ch[i], in, tx[i])) {
                            cid[i] = in.getLong(8);
                            connectedAt[i] = now;
                        } else {
                            lost.increment();
                            continue;
                        }
                        out.clear();
                    }
                    out.putLong(cid[i]).putInt(1).putInt(++tx[i]);
                    out.put(String.format("bittern-bench-%06d", rnd.nextInt(torrents)).getBytes(StandardCharsets.US_ASCII));
                    byte[] peerId = new byte[20];
                    rnd.nextBytes(peerId);
                    out.put(peerId).putLong(0).putLong(rnd.nextInt(4) == 0 ? 0 : 1000).putLong(0)
                            .putInt(2).putInt(0).putInt(rnd.nextInt()).putInt(-1)
                            .putShort((short) rnd.nextInt(1024, 65536)).flip();
                    ch[i].write(out);
                }
                for (int i = 0; i < count; i++) {
                    if (cid[i] == 0) {
                        continue;
                    }
                    in.clear();
                    if (!receive(ch[i], in, tx[i])) {
                        lost.increment();
                    } else if (in.getInt(0) == 1) {
                        ok.increment();
                    } else {
                        errors.increment();
                    }
                }
            }
            for (DatagramChannel c : ch) {
                c.close();
            }
        } catch (Exception e) {
            throw new IllegalStateException("load generator failed", e);
        }
    }

    /**
     * Blocking receive of the answer with transaction id {@code tx}, bounded by the socket
     * timeout; late answers to earlier (counted as lost) requests are skipped.
     */
    private static boolean receive(DatagramChannel ch, ByteBuffer in, int tx) throws Exception {
        java.net.DatagramPacket p = new java.net.DatagramPacket(in.array(), in.capacity());
        for (int attempt = 0; attempt < 16; attempt++) {
            try {
                ch.socket().receive(p);
            } catch (SocketTimeoutException e) {
                return false;
            }
            in.limit(p.getLength());
            in.position(0);
            if (p.getLength() >= 8 && in.getInt(4) == tx) {
                return true;
            }
        }
        return false;
    }
}
