package dev.bittern.storage;

/** A resume file that cannot be trusted; {@link #field()} names the offending entry. */
public final class ResumeDataException extends Exception {
    private final String field;

    public ResumeDataException(String field, String message) {
        super("invalid resume data: " + field + ": " + message);
        this.field = field;
    }

    public ResumeDataException(String field, String message, Throwable cause) {
        super("invalid resume data: " + field + ": " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
