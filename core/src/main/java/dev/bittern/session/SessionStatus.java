package dev.bittern.session;

/**
 * A snapshot of a torrent's progress for status lines, taken by the session loop once a second.
 *
 * @param downloadRate bytes/s of block data received (20-second average)
 * @param uploadRate   bytes/s of block data sent
 * @param left         bytes of wanted pieces still missing
 * @param unchokedBy   connected peers that unchoke us now (peer_choking false, BEP 3): how many may upload to us
 */
public record SessionStatus(int verifiedPieces, int pieceCount, long totalLength, long left, double downloadRate,
                            double uploadRate, long downloaded, long uploaded, int seeds, int leechers, boolean complete,
                            int unchokedBy) {
    public double percent() {
        return totalLength == 0 ? 100.0 : 100.0 * (totalLength - left) / totalLength;
    }

    /** Seconds to completion at the current rate, or -1 if unknown. */
    public long etaSeconds() {
        if (left == 0) {
            return 0;
        }
        return downloadRate < 1 ? -1 : (long) Math.ceil(left / downloadRate);
    }
}
