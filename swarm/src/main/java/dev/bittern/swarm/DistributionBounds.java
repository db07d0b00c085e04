package dev.bittern.swarm;

/**
 * The lecture's lower bounds on the time to distribute a file of F bytes from one server to N peers
 * (seed 003, "File distribution: client-server vs P2P"). All rates are bytes per second;
 * {@code Double.POSITIVE_INFINITY} means "no limit" (the F/d_min term is then 0).
 *
 * <ul>
 *   <li>client-server: D_cs &ge; max(N·F/u_s, F/d_min) — the server must upload N copies;</li>
 *   <li>P2P: D_p2p &ge; max(F/u_s, F/d_min, N·F/(u_s + Σu_i)) — the server uploads at least one copy,
 *       and the swarm as a whole must download N·F bytes with at most u_s + Σu_i upload capacity.</li>
 * </ul>
 *
 * @param fileBytes        F
 * @param peers            N (the downloading peers; the server/seed is not counted)
 * @param serverUpload     u_s
 * @param peerUploadSum    Σu_i over the downloading peers (free-riders and client-server leechers add 0)
 * @param minPeerDownload  d_min
 */
public record DistributionBounds(long fileBytes, int peers, double serverUpload, double peerUploadSum,
                                 double minPeerDownload) {
    public DistributionBounds {
        if (fileBytes <= 0) {
            throw new IllegalArgumentException("file size must be positive: " + fileBytes);
        }
        if (peers < 1) {
            throw new IllegalArgumentException("peers must be at least 1: " + peers);
        }
        if (!(serverUpload > 0)) {
            throw new IllegalArgumentException("server upload rate must be positive: " + serverUpload);
        }
        if (!(peerUploadSum >= 0)) {
            throw new IllegalArgumentException("sum of peer upload rates must be >= 0: " + peerUploadSum);
        }
        if (!(minPeerDownload > 0)) {
            throw new IllegalArgumentException("minimum peer download rate must be positive: " + minPeerDownload);
        }
    }

    /** F/u_s: the server sends one copy. */
    public double oneCopyFromServerSeconds() {
        return fileBytes / serverUpload;
    }

    /** N·F/u_s: the server sends every copy (client-server). */
    public double allCopiesFromServerSeconds() {
        return (double) peers * fileBytes / serverUpload;
    }

    /** F/d_min: the slowest downloader receives one copy; 0 when downloads are unlimited. */
    public double slowestDownloadSeconds() {
        return fileBytes / minPeerDownload;
    }

    /** N·F/(u_s + Σu_i): the whole swarm's upload capacity carries N copies. */
    public double aggregateUploadSeconds() {
        return (double) peers * fileBytes / (serverUpload + peerUploadSum);
    }

    /** max(N·F/u_s, F/d_min). */
    public double clientServerSeconds() {
        return Math.max(allCopiesFromServerSeconds(), slowestDownloadSeconds());
    }

    /** max(F/u_s, F/d_min, N·F/(u_s + Σu_i)). */
    public double p2pSeconds() {
        return Math.max(oneCopyFromServerSeconds(), Math.max(slowestDownloadSeconds(), aggregateUploadSeconds()));
    }
}
