package dev.bittern.metainfo;

/** A magnet URI that cannot be used; {@link #parameter()} names the offending parameter (e.g. "xt", "x.pe"). */
public final class MagnetException extends RuntimeException {
    private final String parameter;

    public MagnetException(String parameter, String message) {
        super("invalid magnet: " + parameter + ": " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
