package dev.bittern.swarm;

/** How the leechers behave: trade pieces (P2P), or only download from the seed (client-server). */
public enum SwarmMode {
    /** Every peer that is not a free-rider uploads to the others. */
    P2P("p2p"),
    /** No leecher ever uploads: the seed is a plain server (the lecture's client-server case). */
    CLIENT_SERVER("client-server");

    private final String label;

    SwarmMode(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Parses "p2p" or "client-server" (the CLI spelling). */
    public static SwarmMode parse(String text) {
        for (SwarmMode m : values()) {
            if (m.label.equalsIgnoreCase(text.strip())) {
                return m;
            }
        }
        throw new IllegalArgumentException("--mode must be p2p or client-server, not '" + text + "'");
    }
}
