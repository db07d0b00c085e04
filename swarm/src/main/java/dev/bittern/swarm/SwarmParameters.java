package dev.bittern.swarm;

/**
 * One run of the file-distribution experiment. Rates are bytes per second; a peer download rate
 * of 0 means unlimited. The last {@code freeRiders} of the {@code peers} leechers never upload.
 *
 * @param peers        N, downloading peers (the seed is extra)
 * @param fileBytes    F
 * @param seedUpload   u_s
 * @param peerUpload   u_i, the same for every uploading leecher
 * @param peerDownload d, the same for every leecher; 0 = unlimited
 * @param freeRiders   K peers (of N) that never upload
 * @param mode         P2P or client-server (no leecher uploads)
 */
public record SwarmParameters(int peers, long fileBytes, long seedUpload, long peerUpload, long peerDownload,
                              int freeRiders, SwarmMode mode) {
    public static final int DEFAULT_PEERS = 8;
    public static final long MIB = 1L << 20;

    public SwarmParameters {
        if (peers < 1) {
            throw new IllegalArgumentException("--peers must be at least 1, not " + peers);
        }
        if (fileBytes <= 0) {
            throw new IllegalArgumentException("--size must be positive, not " + fileBytes);
        }
        if (seedUpload <= 0) {
            throw new IllegalArgumentException("--seed-up must be positive (the seed is the only source), not " + seedUpload);
        }
        if (peerUpload < 0) {
            throw new IllegalArgumentException("--peer-up must be >= 0, not " + peerUpload);
        }
        if (peerDownload < 0) {
            throw new IllegalArgumentException("--peer-down must be >= 0 (0 = unlimited), not " + peerDownload);
        }
        if (freeRiders < 0 || freeRiders > peers) {
            throw new IllegalArgumentException("--free-riders must be between 0 and --peers (" + peers + "), not " + freeRiders);
        }
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
    }

    /** The defaults: N=8, F=64 MiB, u_s=4 MiB/s, u_i=1 MiB/s, unlimited download, P2P. */
    public static SwarmParameters defaults() {
        return new SwarmParameters(DEFAULT_PEERS, 64 * MIB, 4 * MIB, MIB, 0, 0, SwarmMode.P2P);
    }

    public SwarmParameters withPeers(int n) {
        return new SwarmParameters(n, fileBytes, seedUpload, peerUpload, peerDownload, Math.min(freeRiders, n), mode);
    }

    public SwarmParameters withMode(SwarmMode m) {
        return new SwarmParameters(peers, fileBytes, seedUpload, peerUpload, peerDownload, freeRiders, m);
    }

    /** Whether leecher {@code index} (0-based) is a free-rider: the last K are. */
    public boolean isFreeRider(int index) {
        checkIndex(index);
        return index >= peers - freeRiders;
    }

    /** Leecher {@code index}'s upload limit: 0 for free-riders and in client-server mode. */
    public long uploadOf(int index) {
        checkIndex(index);
        return mode == SwarmMode.CLIENT_SERVER || isFreeRider(index) ? 0 : peerUpload;
    }

    /**
     * The lecture's two bounds for these parameters. Σu_i = (N − K)·u_i counts only the leechers that
     * may upload; it does not depend on the mode, so a client-server run is compared with the P2P bound
     * the same peers would have had (the client-server bound ignores Σu_i anyway).
     */
    public DistributionBounds bounds() {
        double sum = (double) (peers - freeRiders) * peerUpload;
        double dMin = peerDownload == 0 ? Double.POSITIVE_INFINITY : peerDownload;
        return new DistributionBounds(fileBytes, peers, seedUpload, sum, dMin);
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= peers) {
            throw new IndexOutOfBoundsException("peer index " + index + " of " + peers);
        }
    }
}
